import { describe, expect, it } from 'vitest';
import { createService } from '../../electron/core/api/service';
import { allHandlers } from '../../electron/core/api/handlers/index';
import { StudioError } from '../../shared/api/errors';
import { openCore } from '../../electron/core/core';
import { useTmpDirs } from '../helpers/tmp';

const tmp = useTmpDirs();
const meta = { transport: 'websocket' as const };

describe('the core service boundary', () => {
  it('answers a valid call', async () => {
    const core = openCore({ dataDir: tmp() });
    const out = await core.service.call('system.ping', { echo: 'hi' }, meta);
    expect(out).toMatchObject({ ok: true, result: { echo: 'hi' } });
    await core.close();
  });

  it('turns bad payloads into typed errors naming the field', async () => {
    const core = openCore({ dataDir: tmp() });
    const wrongType = await core.service.call('system.ping', { echo: 5 }, meta);
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(!wrongType.ok && wrongType.error.issues?.[0]?.path).toBe('echo');
    expect(await core.service.call('system.ping', { echo: 'x', sneaky: 1 }, meta)).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(await core.service.call('system.ping', 'not an object', meta)).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(await core.service.call('__proto__', {}, meta)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await core.service.call('constructor', {}, meta)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    await core.close();
  });

  it('never lets a handler exception escape: StudioError keeps its code, anything else becomes internal', async () => {
    const core = openCore({ dataDir: tmp() });
    const handlers = allHandlers(core.ctx);
    const logged: string[] = [];
    const throwing = createService(
      {
        ...handlers,
        'system.ping': () => {
          throw new StudioError('not_found', 'No such thing.');
        },
        'system.info': () => {
          throw new TypeError('boom');
        },
      },
      (m) => logged.push(m),
    );
    expect(await throwing.call('system.ping', { echo: 'x' }, meta)).toEqual({ ok: false, error: { code: 'not_found', message: 'No such thing.' } });
    expect(await throwing.call('system.info', {}, meta)).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(logged[0]).toMatch(/internal error in system.info/);
    await core.close();
  });

  it('reports the transport it was reached by', async () => {
    const core = openCore({ dataDir: tmp() });
    const out = await core.service.call('system.info', {}, { transport: 'electron' });
    expect(out).toMatchObject({ ok: true, result: { transport: 'electron' } });
    await core.close();
  });
});
