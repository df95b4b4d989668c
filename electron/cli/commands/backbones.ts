import { existsSync } from 'node:fs';
import type { StudioApi } from '../../../shared/api/client';
import type { BackboneDownload, BackboneSummary } from '../../../shared/domain/backbone';
import type { CliCommand } from '../command';
import { CliError } from '../command';
import { globalsOf } from '../cli-context';
import { withClient } from '../with-core';
import { info, printJson, progressBar } from '../output';

const mb = (n: number) => (n / 1e6).toFixed(1);

/** Downloads with a progress bar on stderr; Ctrl+C cancels (what was fetched stays cached, so a retry resumes). */
async function install(api: StudioApi, repo: string): Promise<BackboneSummary> {
  const bar = progressBar('download');
  // backbones.finished may come before install() answers (a fully cached download): keep what passes until the id is known.
  const early: BackboneDownload[] = [];
  const want: { id?: string; resolve?: (d: BackboneDownload) => void } = {};
  const offFinished = api.on('backbones.finished', (d) => {
    if (want.id === undefined) early.push(d);
    else if (d.downloadId === want.id) want.resolve!(d);
  });
  const offProgress = api.on('backbones.progress', (p) => {
    if (p.state === 'downloading' && p.total) bar.update(Math.round(p.bytes / 1e6), Math.round(p.total / 1e6), `MB ${mb(p.rate)} MB/s ${p.file}`);
  });
  let end: BackboneDownload;
  try {
    const started = await api.call('backbones.install', { repo });
    info(`Downloading ${started.repo} from ${process.env.HF_ENDPOINT || 'https://huggingface.co'} …`);
    const ended = new Promise<BackboneDownload>((resolve) => Object.assign(want, { id: started.downloadId, resolve }));
    const already = early.find((d) => d.downloadId === started.downloadId);
    if (already) want.resolve!(already);
    const cancel = () => void api.call('backbones.cancel', { downloadId: started.downloadId }).catch(() => {});
    process.once('SIGINT', cancel);
    end = await ended;
    process.off('SIGINT', cancel);
  } finally {
    offFinished();
    offProgress();
    bar.done();
  }
  if (end.state === 'cancelled') throw new CliError(`Download of ${end.repo} cancelled (run the same command again to resume).`, 130);
  if (end.state !== 'completed' || !end.backboneId) throw new CliError(`Download of ${end.repo} failed: ${end.error ?? 'unknown error'}`);
  return api.call('backbones.get', { id: end.backboneId });
}

export const backbonesCommand: CliCommand = (program, run) => {
  const group = program
    .command('backbones')
    .description('Add a backbone from a local hub-layout folder or the Hugging Face Hub (HF_ENDPOINT), list or remove them.')
    .usage('add DIR|HUB_REPO_ID [--json] | list [--json] | remove ID')
    // No subcommand, or an unknown one: say which exist, in one line.
    .argument('[subcommand]')
    .allowExcessArguments(true)
    .action(
      run.action(async (sub: string | undefined) => {
        throw new CliError(`Unknown subcommand ${sub ? `"${sub}"` : '(none)'}: use \`studio backbones add DIR|HUB_REPO_ID\`, \`list\` or \`remove ID\`.`);
      }),
    );

  const add = group
    .command('add')
    .description('Add a hub-layout folder, or download HUB_REPO_ID (e.g. timm/resnet50.a1_in1k) from the hub.')
    .argument('<DIR|HUB_REPO_ID>')
    .option('--name <name>', 'a display name (local folders)')
    .action(
      run.action(async (target: string, o: { name?: string }) => {
        const global = globalsOf(add);
        return withClient(global, async (api) => {
          const looksLikePath = existsSync(target) || target.startsWith('.') || target.startsWith('/') || target.includes('\\') || target.split('/').length > 2;
          const b = looksLikePath ? await api.call('backbones.addLocal', { path: target, ...(o.name ? { name: o.name } : {}) }) : await install(api, target);
          if (global.json) printJson({ backboneId: b.id, family: b.family, features: b.featureDim });
          else process.stdout.write(`Added backbone "${b.id}": ${b.name} (${b.family}, ${b.featureDim} features, ${mb(b.sizeBytes)} MB${b.licence ? `, ${b.licence}` : ''}).\n`);
          return 0;
        });
      }),
    );

  const list = group
    .command('list')
    .description('The installed backbones.')
    .action(
      run.action(async () => {
        const global = globalsOf(list);
        return withClient(global, async (api) => {
          const { backbones } = await api.call('backbones.list', {});
          if (global.json) {
            printJson({ backbones });
            return 0;
          }
          if (backbones.length === 0) {
            process.stdout.write('No backbones yet. Add one with `studio backbones add DIR` or `studio backbones add timm/resnet50.a1_in1k`.\n');
            return 0;
          }
          for (const b of backbones) process.stdout.write(`${b.id}\t${b.family}\t${b.featureDim}\t${mb(b.sizeBytes)} MB\t${b.licence ?? '-'}\t${b.source}\t${b.path}\n`);
          return 0;
        });
      }),
    );

  const remove = group
    .command('remove')
    .description('Forget a backbone (files the studio downloaded are deleted; a local folder is left alone).')
    .argument('<ID>')
    .action(
      run.action(async (id: string) => {
        const global = globalsOf(remove);
        return withClient(global, async (api) => {
          const r = await api.call('backbones.remove', { id });
          if (!r.removed) throw new CliError(`No backbone "${id}".`);
          if (global.json) printJson(r);
          else process.stdout.write(`Removed "${id}"${r.freedBytes ? ` (${mb(r.freedBytes)} MB freed)` : ''}.\n`);
          return 0;
        });
      }),
    );
};
