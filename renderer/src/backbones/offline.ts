/** Errors that mean "no network" rather than "the hub said no": DNS, refused or reset connections, fetch failing outright. */
const offlinePatterns = [/ENOTFOUND/, /EAI_AGAIN/, /getaddrinfo/i, /ECONNREFUSED/, /ECONNRESET/, /ENETUNREACH/, /EHOSTUNREACH/, /ETIMEDOUT/, /fetch failed/i, /network/i, /offline/i];

export function isOfflineError(message: string | null | undefined): boolean {
  return !!message && offlinePatterns.some((p) => p.test(message));
}

/** Moves to the "Add a folder" form and puts the cursor in it. */
export function goToAddFolder(): void {
  const box = document.getElementById('add-folder');
  box?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  box?.querySelector<HTMLInputElement>('input')?.focus();
}
