import { describe, expect, it } from 'vitest';
import { describeExit } from '../../electron/core/training/run-end';

describe('describeExit', () => {
  it('shows the error line of an uncaught exception, not the "Node.js vX" line that ends it', () => {
    const tail = [
      'node:internal/modules/esm/resolve:854',
      '  throw new ERR_MODULE_NOT_FOUND(packageName, fileURLToPath(base), null);',
      '        ^',
      '',
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'tsx' imported from /tmp/x/",
      '    at packageResolve (node:internal/modules/esm/resolve:854:9)',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    expect(describeExit(1, null, tail, null)).toBe("The training process exited with code 1: Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'tsx' imported from /tmp/x/.");
    expect(describeExit(3, null, 'something odd happened\n', null)).toBe('The training process exited with code 3: something odd happened.');
  });
});
