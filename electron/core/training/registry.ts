import type { CoreContext } from '../context';
import { TrainingSupervisor, type SupervisorOptions } from './supervisor';

const supervisors = new WeakMap<CoreContext, TrainingSupervisor>();
const pending = new WeakMap<CoreContext, SupervisorOptions>();

/** Lets the Electron adapter (utilityProcess spawn) or a test configure training before first use. */
export function configureTraining(ctx: CoreContext, opts: SupervisorOptions): void {
  if (supervisors.has(ctx)) throw new Error('Training is already running on this core; configure it first.');
  pending.set(ctx, opts);
}

/** One supervisor per core, created on first use; its processes stop when the core closes. */
export function supervisorFor(ctx: CoreContext): TrainingSupervisor {
  let s = supervisors.get(ctx);
  if (!s) {
    const opts = pending.get(ctx) ?? {};
    s = new TrainingSupervisor(ctx, { ...opts, backboneLoaderModule: opts.backboneLoaderModule ?? process.env.STUDIO_BACKBONE_LOADER });
    supervisors.set(ctx, s);
    const sup = s;
    ctx.onClose(() => sup.closeAll());
  }
  return s;
}
