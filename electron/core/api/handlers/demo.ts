import type { demoMethods } from '../../../../shared/api/methods/demo';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { demoStatus, startDemo } from '../../demo/service';
import { startTextDemo, textDemoMissing } from '../../demo/text-demo';

export function demoHandlers(ctx: CoreContext): HandlersFor<typeof demoMethods> {
  return {
    'demo.status': () => {
      const missing = textDemoMissing();
      return { ...demoStatus(ctx), textAvailable: missing === null, textReason: missing ? `The text demo files are not in this build (${missing} is missing).` : null };
    },
    'demo.start': (p) => (p.kind === 'text' ? startTextDemo(ctx) : startDemo(ctx, p.epochs === undefined ? {} : { epochs: p.epochs })),
  };
}
