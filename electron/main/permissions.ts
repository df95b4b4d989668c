/**
 * Electron grants every permission a page asks for unless a handler says otherwise (its security
 * checklist, item "Handle session permission requests"). The studio needs none of camera,
 * microphone, geolocation, notifications, MIDI, HID, serial or USB; copying text to the clipboard
 * is the one thing its pages do.
 */
const allowed = new Set(['clipboard-sanitized-write']);

export function permissionAllowed(permission: string): boolean {
  return allowed.has(permission);
}
