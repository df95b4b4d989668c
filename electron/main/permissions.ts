/**
 * Electron grants every permission a page asks for unless a handler says otherwise (its security
 * checklist, item "Handle session permission requests"). The studio needs none of microphone,
 * geolocation, notifications, MIDI, HID, serial or USB; copying text to the clipboard is one thing its
 * pages do, and the camera is the other (webcam capture into a class, renderer/src/capture/): video
 * only, never audio.
 */
const allowed = new Set(['clipboard-sanitized-write']);

/** `mediaTypes` as Electron reports them for a 'media' request ('video', 'audio'); a check reports one as mediaType. */
export function permissionAllowed(permission: string, mediaTypes: readonly string[] = []): boolean {
  if (permission === 'media') return mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video');
  return allowed.has(permission);
}
