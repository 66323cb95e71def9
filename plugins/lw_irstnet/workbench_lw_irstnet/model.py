"""LW-IRSTNet (Kou et al., IEEE TGRS 2023, Section III): an ENet-style encoder-decoder.

Stage 1  initial downsampling: 3x3/2 conv (5 ch) beside 3x3/2 max pooling of the 3 input channels,
         concatenated to 8 channels, BN, PReLU                                          -> 8  x H/2
Stage 2  downsampling module to 32 channels + 4 regular conv modules (dropout 0.01)     -> 32 x H/4
Stage 3  downsampling module to 64 channels + 4 DAAA modules (dropout 0.1); a DAAA module is four
         bottlenecks: depthwise (expansion 2), atrous, asymmetric 7x1+1x7, atrous (compression 4);
         atrous rates (2, 4) in DAAA 1 and 3, (8, 16) in DAAA 2 and 4 (Tables I, V)     -> 64 x H/8
Stage 4  3x3/2 transposed conv 64->32, summed with the stage-2 map, 2 regular modules   -> 32 x H/4
Stage 5  3x3/2 transposed conv 32->8, summed with the stage-1 map, 1 regular module     -> 8  x H/2
Stage 6  3x3/2 transposed conv 8->1: the logits                                          -> 1  x H

Every bottleneck is 1x1 (or 2x2/2 when downsampling) -> main conv -> 1x1, each followed by BN and
the activation; the shortcut is the identity (max pooling + zero channel padding when downsampling);
dropout on the branch, sum, activation. PReLU in the encoder, ReLU in the decoder, no biases.

Size: 163,236 parameters (paper 0.1632 M); 304.05 M thop-style ops at 1x3x256x256 (paper 303.53 M:
the authors' code has a ReLU, not a PReLU, after the four depthwise convs; the paper says PReLU in the
encoder, which we follow, costing 0.52 M of PReLU ops in that count).

Input height and width must be multiples of 8 (``Segmenter`` pads); the transposed convolutions use a
fixed ``output_padding=1`` so that the graph has no shape-dependent arithmetic and exports to ONNX
with dynamic height and width.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

STRIDE = 8  # total downsampling: inputs must be a multiple of this


def _act(prelu: bool) -> nn.Module:
    return nn.PReLU() if prelu else nn.ReLU(inplace=False)


def _cba(cin: int, cout: int, kernel, prelu: bool, stride=1, padding=0, dilation=1, groups=1) -> nn.Sequential:
    """conv (no bias) -> BN -> activation."""
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding, dilation=dilation, groups=groups, bias=False),
        nn.BatchNorm2d(cout),
        _act(prelu),
    )


class InitialDownsampling(nn.Module):
    def __init__(self, in_channels: int = 3, out_channels: int = 8, prelu: bool = True):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels - in_channels, 3, stride=2, padding=1, bias=False)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(out_channels)
        self.act = _act(prelu)

    def forward(self, x):
        return self.act(self.bn(torch.cat([self.conv(x), self.pool(x)], dim=1)))


class Downsampling(nn.Module):
    """Bottleneck halving the resolution: 2x2/2 conv -> 3x3 conv -> 1x1 conv; shortcut 2x2/2 max
    pooling with the missing channels zero-padded."""

    def __init__(self, cin: int, cout: int, dropout: float, prelu: bool, ratio: int = 4):
        super().__init__()
        mid = cin // ratio
        self.extra = cout - cin
        self.pool = nn.MaxPool2d(2, stride=2)
        self.branch = nn.Sequential(
            _cba(cin, mid, 2, prelu, stride=2),
            _cba(mid, mid, 3, prelu, padding=1),
            _cba(mid, cout, 1, prelu),
            nn.Dropout2d(dropout),
        )
        self.act = _act(prelu)

    def forward(self, x):
        main = self.pool(x)
        if self.extra:
            cin = main.shape[1]
            if self.extra % cin == 0:
                # zero channels as Mul + Concat: exports to a plain ONNX graph that OpenCV DNN runs with
                # dynamic H/W (F.pad's export builds the pads with Slice/Transpose, which it does not)
                zero = main * 0.0
                main = torch.cat([main] + [zero] * (self.extra // cin), dim=1)
            else:
                main = F.pad(main, (0, 0, 0, 0, 0, self.extra))
        return self.act(main + self.branch(x))


class Bottleneck(nn.Module):
    """Residual bottleneck; ``kind`` picks the main convolution:
    ``regular`` 3x3, ``atrous`` 3x3 with ``dilation``, ``asymmetric`` kx1 then 1xk (each conv-BN-act),
    ``depthwise`` 3x3 depthwise on ``channels * 2`` expanded channels; the others compress by ``ratio``."""

    def __init__(self, channels: int, kind: str = "regular", dropout: float = 0.0, prelu: bool = True,
                 dilation: int = 1, kernel: int = 7, ratio: int = 4, expansion: int = 2):
        super().__init__()
        mid = channels * expansion if kind == "depthwise" else channels // ratio
        if kind == "regular":
            main = _cba(mid, mid, 3, prelu, padding=1)
        elif kind == "atrous":
            main = _cba(mid, mid, 3, prelu, padding=dilation, dilation=dilation)
        elif kind == "asymmetric":
            p = kernel // 2
            main = nn.Sequential(_cba(mid, mid, (kernel, 1), prelu, padding=(p, 0)),
                                 _cba(mid, mid, (1, kernel), prelu, padding=(0, p)))
        elif kind == "depthwise":
            main = _cba(mid, mid, 3, prelu, padding=1, groups=mid)
        else:
            raise ValueError(f"unknown bottleneck kind {kind!r}")
        self.kind = kind
        self.branch = nn.Sequential(_cba(channels, mid, 1, prelu), main, _cba(mid, channels, 1, prelu),
                                    nn.Dropout2d(dropout))
        self.act = _act(prelu)

    def forward(self, x):
        return self.act(x + self.branch(x))


def daaa(channels: int, rates: tuple[int, int], kernel: int, dropout: float, prelu: bool = True,
         expansion: int = 2, ratio: int = 4) -> nn.Sequential:
    """Depthwise-separable / atrous / asymmetric / atrous module (paper Fig. 1(d), Table I)."""
    return nn.Sequential(
        Bottleneck(channels, "depthwise", dropout, prelu, expansion=expansion),
        Bottleneck(channels, "atrous", dropout, prelu, dilation=rates[0], ratio=ratio),
        Bottleneck(channels, "asymmetric", dropout, prelu, kernel=kernel, ratio=ratio),
        Bottleneck(channels, "atrous", dropout, prelu, dilation=rates[1], ratio=ratio),
    )


def _up(cin: int, cout: int) -> nn.ConvTranspose2d:
    # 3x3 stride 2, padding 1, output_padding 1: exactly doubles H and W for any input size
    return nn.ConvTranspose2d(cin, cout, 3, stride=2, padding=1, output_padding=1, bias=False)


class LWIRSTNet(nn.Module):
    def __init__(self, in_channels: int = 3, channels: tuple[int, int, int] = (8, 32, 64),
                 rates: tuple[int, int, int, int] = (2, 4, 8, 16), asym_kernel: int = 7,
                 expansion: int = 2, ratio: int = 4, num_classes: int = 1):
        super().__init__()
        c1, c2, c3 = channels
        self.in_channels = in_channels
        self.stage1 = InitialDownsampling(in_channels, c1, prelu=True)
        self.stage2 = nn.Sequential(Downsampling(c1, c2, 0.01, True),
                                    *[Bottleneck(c2, "regular", 0.01, True) for _ in range(4)])
        self.stage3 = nn.Sequential(
            Downsampling(c2, c3, 0.1, True),
            daaa(c3, rates[0:2], asym_kernel, 0.1, True, expansion, ratio),
            daaa(c3, rates[2:4], asym_kernel, 0.1, True, expansion, ratio),
            daaa(c3, rates[0:2], asym_kernel, 0.1, True, expansion, ratio),
            daaa(c3, rates[2:4], asym_kernel, 0.1, True, expansion, ratio),
        )
        self.up4 = _up(c3, c2)
        self.stage4 = nn.Sequential(*[Bottleneck(c2, "regular", 0.1, False) for _ in range(2)])
        self.up5 = _up(c2, c1)
        self.stage5 = Bottleneck(c1, "regular", 0.1, False)
        self.up6 = _up(c1, num_classes)

    def forward(self, x):
        x1 = self.stage1(x)
        x2 = self.stage2(x1)
        x3 = self.stage3(x2)
        x4 = self.stage4(self.up4(x3) + x2)
        x5 = self.stage5(self.up5(x4) + x1)
        return self.up6(x5)


def build_model(**kw) -> LWIRSTNet:
    return LWIRSTNet(**kw)
