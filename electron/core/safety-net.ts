/**
 * A last line of defence for long-lived processes (browser mode, the Electron main process):
 * Node ends the process on an unhandled rejection, which would take the whole studio down for
 * one stray promise. Log it and keep serving; every request path already returns typed errors.
 */
export function installSafetyNet(log: (msg: string) => void): void {
  process.on('unhandledRejection', (reason) => {
    log(`unhandled rejection (kept running): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  process.on('uncaughtException', (err) => {
    log(`uncaught exception (kept running): ${err.stack ?? err.message}`);
  });
}
