import { isIP } from 'node:net';

/** The names a loopback server answers to; anything else in a Host header is a DNS-rebinding attempt or a typo. */
const loopbackNames = ['localhost', '127.0.0.1', '::1'];

export type HostCheck = { ok: true; host: string } | { ok: false; status: 400 | 403; reason: string };

export interface HostPolicy {
  /** Lower-case host names (no port, IPv6 without brackets) accepted besides the loopback ones. */
  extraNames: readonly string[];
  /**
   * Accept any IP literal. DNS rebinding needs a domain name the attacker controls, so a Host that is
   * a bare address cannot be one; a server reachable from other machines is addressed that way.
   */
  anyIpLiteral: boolean;
}

/** Splits `name`, `name:port`, `[v6]` or `[v6]:port`; undefined when it is not a well-formed host. */
export function parseHostHeader(raw: string): { name: string; port?: number } | undefined {
  let name: string;
  let portText: string | undefined;
  if (raw.startsWith('[')) {
    const m = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(raw);
    if (!m || isIP(m[1]!) !== 6) return undefined;
    name = m[1]!;
    portText = m[2];
  } else {
    const m = /^([A-Za-z0-9.-]{1,253})(?::(\d{1,5}))?$/.exec(raw);
    if (!m) return undefined;
    name = m[1]!;
    portText = m[2];
  }
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && port > 65535) return undefined;
  // A trailing dot names the same host ("localhost." is localhost): normalise so it cannot slip past the list.
  name = name.toLowerCase().replace(/\.$/, '');
  return port === undefined ? { name } : { name, port };
}

/** Normalises a name given on the command line (`--host`, `--allow-host`) to what parseHostHeader returns. */
export function normaliseHostName(name: string): string {
  return name.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

export function isLoopbackHost(name: string): boolean {
  const n = normaliseHostName(name);
  return loopbackNames.includes(n) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(n) || n === '0:0:0:0:0:0:0:1';
}

/** A missing or malformed Host gets 400; a well-formed one the server was not told about gets 403. */
export function checkHost(header: string | undefined, policy: HostPolicy): HostCheck {
  if (header === undefined || header === '') return { ok: false, status: 400, reason: 'A Host header is required.' };
  const parsed = parseHostHeader(header);
  if (!parsed) return { ok: false, status: 400, reason: 'Malformed Host header.' };
  const { name } = parsed;
  if (loopbackNames.includes(name) || policy.extraNames.includes(name)) return { ok: true, host: header };
  if (policy.anyIpLiteral && isIP(name) !== 0) return { ok: true, host: header };
  return {
    ok: false,
    status: 403,
    reason: `Host "${name.slice(0, 100)}" is not one this server answers to (start it with --allow-host ${name.slice(0, 100)} if it should be).`,
  };
}
