// Architecture arithmetic only, no tfjs: the core checks a folder's tensors against it at `backbones add`.

/** Channels per conv, stage by stage (each stage ends in a 2×2 max pool), as torchvision's cfgs A/B/D/E. */
export const vggCfgs: Record<string, number[][]> = {
  vgg11: [[64], [128], [256, 256], [512, 512], [512, 512]],
  vgg13: [[64, 64], [128, 128], [256, 256], [512, 512], [512, 512]],
  vgg16: [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]],
  vgg19: [[64, 64], [128, 128], [256, 256, 256, 256], [512, 512, 512, 512], [512, 512, 512, 512]],
};
export const vggArchitectures = Object.keys(vggCfgs).flatMap((a) => [a, `${a}_bn`]);
