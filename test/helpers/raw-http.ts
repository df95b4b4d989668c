import { connect } from 'node:net';

export interface RawExchange {
  /** Everything the server sent. */
  response: string;
  /** The server ended or reset the connection before the timeout (it did not wait for the client to). */
  closedByServer: boolean;
}

/**
 * Sends bytes exactly as given (no client library to tidy them up) and waits for the server to
 * answer and close. A server that never closes is reported, not waited on: the socket is destroyed
 * after `timeoutMs` with closedByServer false.
 */
export function rawExchange(port: number, payload: string, timeoutMs = 5000, host = '127.0.0.1'): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    let response = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (response += d));
    socket.on('end', () => socket.end());
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ response, closedByServer: !timedOut });
    });
    socket.write(payload, 'latin1');
  });
}

export function statusOf(response: string): number | undefined {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(response);
  return m ? Number(m[1]) : undefined;
}
