import type { StudioMethods } from '../../../../shared/api/contract';
import type { CoreContext } from '../../context';
import type { HandlersFor } from '../handler-types';
import { systemHandlers } from './system';
import { runsHandlers } from './runs';
import { datasetsHandlers } from './datasets';
import { backbonesHandlers } from './backbones';
import { trainingHandlers } from './training';
import { evaluationHandlers } from './evaluation';
import { predictHandlers } from './predict';
import { exportHandlers } from './export';
import { demoHandlers } from './demo';
import { assistHandlers } from './assist';
import { featuresHandlers } from './features';
import { explainHandlers } from './explain';
import { sweepHandlers } from './sweep';

/** The compiler checks that every method of the contract has exactly one handler. */
export function allHandlers(ctx: CoreContext): HandlersFor<StudioMethods> {
  return {
    ...systemHandlers(ctx),
    ...runsHandlers(ctx),
    ...datasetsHandlers(ctx),
    ...backbonesHandlers(ctx),
    ...trainingHandlers(ctx),
    ...evaluationHandlers(ctx),
    ...predictHandlers(ctx),
    ...exportHandlers(ctx),
    ...demoHandlers(ctx),
    ...assistHandlers(ctx),
    ...featuresHandlers(ctx),
    ...explainHandlers(ctx),
    ...sweepHandlers(ctx),
  };
}
