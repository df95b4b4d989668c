import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command, GlobalOptions } from '../command';
import { CliError } from '../command';
import { withCore } from '../with-core';
import { info, printJson, progressBar } from '../output';
import type { Core } from '../../core/core';
import type { MethodName, ParamsOf, ResultOf } from '../../../shared/api/contract';
import type { BackboneDownload, BackboneSummary } from '../../../shared/domain/backbone';
import { backbonesRuntime } from '../../core/backbones/service/runtime';

async function call<M extends MethodName>(core: Core, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const out = await core.service.call(method, params, { transport: 'websocket' });
  if (!out.ok) throw new CliError(out.error.message);
  return out.result as ResultOf<M>;
}

const mb = (n: number) => (n / 1e6).toFixed(1);

/** Downloads with a progress bar on stderr; Ctrl+C cancels (what was fetched stays cached, so a retry resumes). */
async function install(core: Core, repo: string): Promise<BackboneSummary> {
  const bar = progressBar('download');
  const unsubscribe = core.ctx.events.subscribe((event, payload) => {
    if (event !== 'backbones.progress') return;
    const p = payload as BackboneDownload;
    if (p.state === 'downloading' && p.total) bar.update(Math.round(p.bytes / 1e6), Math.round(p.total / 1e6), `MB ${mb(p.rate)} MB/s ${p.file}`);
  });
  const started = await call(core, 'backbones.install', { repo });
  info(`Downloading ${started.repo} from ${process.env.HF_ENDPOINT || 'https://huggingface.co'} …`);
  const cancel = () => void core.service.call('backbones.cancel', { downloadId: started.downloadId }, { transport: 'websocket' });
  process.once('SIGINT', cancel);
  const end = await backbonesRuntime(core.ctx).downloads.wait(started.downloadId);
  process.off('SIGINT', cancel);
  unsubscribe();
  bar.done();
  if (end.state === 'cancelled') throw new CliError(`Download of ${end.repo} cancelled (run the same command again to resume).`, 130);
  if (end.state !== 'completed' || !end.backboneId) throw new CliError(`Download of ${end.repo} failed: ${end.error ?? 'unknown error'}`);
  return call(core, 'backbones.get', { id: end.backboneId });
}

async function add(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { name: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError('Give exactly one DIR (a hub-layout folder) or HUB_REPO_ID (e.g. timm/resnet50.a1_in1k).');
  const target = positionals[0]!;
  return withCore(global, async (core) => {
    const looksLikePath = existsSync(target) || target.startsWith('.') || target.startsWith('/') || target.includes('\\') || target.split('/').length > 2;
    const b = looksLikePath ? await call(core, 'backbones.addLocal', { path: target, ...(values.name ? { name: values.name } : {}) }) : await install(core, target);
    if (global.json) printJson({ backboneId: b.id, family: b.family, features: b.featureDim });
    else process.stdout.write(`Added backbone "${b.id}": ${b.name} (${b.family}, ${b.featureDim} features, ${mb(b.sizeBytes)} MB${b.licence ? `, ${b.licence}` : ''}).\n`);
    return 0;
  });
}

async function list(args: string[], global: GlobalOptions): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false });
  return withCore(global, async (core) => {
    const { backbones } = await call(core, 'backbones.list', {});
    if (global.json) {
      printJson({ backbones });
      return 0;
    }
    if (backbones.length === 0) {
      process.stdout.write('No backbones yet. Add one with `studio backbones add DIR` or `studio backbones add timm/resnet50.a1_in1k`.\n');
      return 0;
    }
    for (const b of backbones) {
      process.stdout.write(`${b.id}\t${b.family}\t${b.featureDim}\t${mb(b.sizeBytes)} MB\t${b.licence ?? '-'}\t${b.source}\t${b.path}\n`);
    }
    return 0;
  });
}

async function remove(args: string[], global: GlobalOptions): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
  if (positionals.length !== 1) throw new CliError('Give exactly one backbone ID to remove.');
  return withCore(global, async (core) => {
    const r = await call(core, 'backbones.remove', { id: positionals[0]! });
    if (!r.removed) throw new CliError(`No backbone "${positionals[0]}".`);
    if (global.json) printJson(r);
    else process.stdout.write(`Removed "${positionals[0]}"${r.freedBytes ? ` (${mb(r.freedBytes)} MB freed)` : ''}.\n`);
    return 0;
  });
}

export const backbonesCommand: Command = {
  name: 'backbones',
  summary: 'Add a backbone from a local hub-layout folder or the Hugging Face Hub (HF_ENDPOINT), list or remove them.',
  usage: 'studio backbones add DIR|HUB_REPO_ID [--json] | list [--json] | remove ID',
  async run(args, global) {
    const [sub, ...rest] = args;
    if (sub === 'add') return add(rest, global);
    if (sub === 'list') return list(rest, global);
    if (sub === 'remove') return remove(rest, global);
    throw new CliError(`Unknown subcommand ${sub ? `"${sub}"` : '(none)'}: use \`studio backbones add DIR|HUB_REPO_ID\`, \`list\` or \`remove ID\`.`);
  },
};
