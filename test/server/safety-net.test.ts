import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the safety net of long-lived processes', () => {
  it('logs a stray rejection and keeps the process running', async () => {
    const code = `import { installSafetyNet } from ${JSON.stringify(process.cwd() + '/electron/core/safety-net.ts')};
      installSafetyNet((m) => console.error(m));
      Promise.reject(new Error('stray'));
      setTimeout(() => { console.log('still alive'); }, 200);`;
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code]);
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('exit', (c) => resolve({ code: c, stdout, stderr }));
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('still alive');
    expect(out.stderr).toMatch(/unhandled rejection \(kept running\): Error: stray/);
  });
});
