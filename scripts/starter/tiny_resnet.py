"""A reduced-width ResNet with timm/torchvision parameter names, built from config.json model_args.

Tensor names match timm's `ResNet` (and torchvision's): conv1, bn1, layer{1-4}.{i}.conv1/bn1/
conv2/bn2, layer{s}.0.downsample.{0,1}, fc. The default (non-deep) timm stem is a 7x7/2 conv of
64 channels + BN + ReLU + 3x3/2 max-pool; timm ignores `stem_width` for that stem, so we keep 64.
"""
import torch
import torch.nn as nn


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.act = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(
                nn.Conv2d(inplanes, planes, 1, stride=stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        y = self.act(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.act(y + shortcut)


class TinyResNet(nn.Module):
    def __init__(self, layers, channels, stem_width=64, in_chans=3, num_classes=0, block="basic"):
        super().__init__()
        if block != "basic":
            raise ValueError("only block='basic' is implemented here")
        if stem_width != 64:
            raise ValueError("timm's default stem is always 64 wide; keep stem_width 64")
        self.conv1 = nn.Conv2d(in_chans, stem_width, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem_width)
        self.act1 = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        inplanes = stem_width
        for i, (n, planes) in enumerate(zip(layers, channels)):
            stride = 1 if i == 0 else 2
            blocks = []
            for j in range(n):
                blocks.append(BasicBlock(inplanes, planes, stride if j == 0 else 1))
                inplanes = planes
            self.add_module(f"layer{i + 1}", nn.Sequential(*blocks))
        self.num_features = channels[-1]
        self.fc = nn.Linear(self.num_features, num_classes) if num_classes > 0 else nn.Identity()
        for m in self.modules():
            if isinstance(m, nn.Conv2d):  # torchvision/timm init (no zero-init of last BN)
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward_features(self, x):
        x = self.maxpool(self.act1(self.bn1(self.conv1(x))))
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))

    def pre_logits(self, x):
        """Global average pool of the last stage: what `fc` receives (the app's 'features')."""
        return self.forward_features(x).mean(dim=(2, 3))

    def forward(self, x):
        return self.fc(self.pre_logits(x))


def from_config(cfg):
    a = cfg["model_args"]
    return TinyResNet(layers=a["layers"], channels=a["channels"], stem_width=a["stem_width"],
                      in_chans=a["in_chans"], num_classes=a["num_classes"], block=a["block"])


def export_state_dict(model):
    """fp32 tensors only: num_batches_tracked is dropped (BatchNorm fills it in on load)."""
    return {k: v.detach().float().contiguous() for k, v in model.state_dict().items()
            if not k.endswith("num_batches_tracked")}


@torch.no_grad()
def embed(model, x, batch=500):
    model.eval()
    return torch.cat([model.pre_logits(x[i:i + batch]) for i in range(0, len(x), batch)])
