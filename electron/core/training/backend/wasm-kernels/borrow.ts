import * as tf from '../../../tf/tf';
import type { TensorInfo } from '../../../tf/tf';

/**
 * A Tensor view of a kernel input, so a kernel can be written with ops. The engine's wrapper does
 * not take a reference on the data, so one is taken here; disposing the view gives it back
 * without freeing the caller's input.
 */
export function borrow(info: TensorInfo): tf.Tensor {
  const t = tf.engine().makeTensorFromTensorInfo(info);
  tf.engine().backend.incRef(info.dataId);
  return t;
}
