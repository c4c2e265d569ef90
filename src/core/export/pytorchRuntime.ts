/**
 * The fixed parts of the exported PyTorch script: helper modules for what PyTorch lacks or does
 * differently from Keras, Keras's initializers, the summary, data, training (one process or
 * DistributedDataParallel under torchrun) and the .npz weights. pytorch.ts adds the model.
 */
import { PY_LEARNING_RATE_AT, PY_TORCH_OPTIMIZERS } from './optimizerScript';

/** Helper modules, keyed by name; pytorch.ts includes only those the model uses. */
export const PY_TORCH_HELPERS: Record<string, string> = {
  Permute: String.raw`
class Permute(nn.Module):
    """Reorders axes. PyTorch convolves (N, C, H, W); Keras keeps images channels-last (N, H, W, C)."""

    def __init__(self, *dims):
        super().__init__()
        self.dims = dims

    def forward(self, x):
        return x.permute(*self.dims)
`,
  KerasAvgPoolSame: String.raw`
class KerasAvgPoolSame(nn.Module):
    """Keras's AveragePooling2D(padding='same'): zero padding that never counts in the average.
    nn.AvgPool2d pads symmetrically only, and Keras's 'same' may pad one more at the bottom/right."""

    def __init__(self, kernel_size, stride, pads):
        super().__init__()
        self.kernel_size, self.stride, self.pads = kernel_size, stride, pads

    def forward(self, x):
        total = F.avg_pool2d(F.pad(x, self.pads), self.kernel_size, self.stride)
        ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype, device=x.device)
        share = F.avg_pool2d(F.pad(ones, self.pads), self.kernel_size, self.stride)
        return total / share
`,
  GlobalPool2d: String.raw`
class GlobalPool2d(nn.Module):
    """Keras's GlobalAveragePooling2D / GlobalMaxPooling2D: one value per channel, (N, C, H, W) -> (N, C)."""

    def __init__(self, mode):
        super().__init__()
        self.mode = mode

    def forward(self, x):
        return x.mean(dim=(2, 3)) if self.mode == 'avg' else x.amax(dim=(2, 3))
`,
  Maxout: String.raw`
class Maxout(nn.Module):
    """Maxout (Goodfellow et al., 2013), which PyTorch lacks: a dense layer of units * pieces outputs,
    then the max over each unit's pieces; unit u's pieces are adjacent, as in NetLens's TF.js model."""

    def __init__(self, in_features, units, pieces):
        super().__init__()
        self.units, self.pieces = units, pieces
        self.linear = nn.Linear(in_features, units * pieces)

    def forward(self, x):
        y = self.linear(x)
        return y.reshape(y.shape[:-1] + (self.units, self.pieces)).amax(dim=-1)
`,
  KerasPReLU: String.raw`
class KerasPReLU(nn.Module):
    """Keras's PReLU: learned slopes starting at 0, one per element except along Keras's
    shared_axes, where shape holds 1 and one slope serves the whole axis (broadcast).
    nn.PReLU learns one slope in all, or one per channel."""

    def __init__(self, shape):
        super().__init__()
        self.alpha = nn.Parameter(torch.zeros(shape))

    def forward(self, x):
        return F.relu(x) - self.alpha * F.relu(-x)
`,
  HardSigmoid: String.raw`
class HardSigmoid(nn.Module):
    """clip(0.2 x + 0.5, 0, 1), NetLens's (and TF.js's) hard sigmoid; nn.Hardsigmoid uses x / 6 + 0.5."""

    def forward(self, x):
        return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)
`,
  Exp: String.raw`
class Exp(nn.Module):
    """The exponential activation, e^x."""

    def forward(self, x):
        return torch.exp(x)
`,
  CappedReLU: String.raw`
class CappedReLU(nn.Module):
    """Keras's ReLU(max_value=m): min(max(0, x), m); nn.ReLU6 has the cap 6 only."""

    def __init__(self, max_value):
        super().__init__()
        self.max_value = max_value

    def forward(self, x):
        return torch.clamp(x, 0.0, self.max_value)

    def extra_repr(self):
        return f'max_value={self.max_value}'
`,
  KerasBatchNorm: String.raw`
class KerasBatchNorm(nn.Module):
    """Keras's BatchNormalization with any axis, center and scale: statistics per entry of dim
    (in PyTorch's layout) over every other axis; no β without center, no γ without scale.
    nn.BatchNorm*d always normalizes dimension 1 and learns both β and γ."""

    def __init__(self, features, dim, eps, momentum, center=True, scale=True):
        super().__init__()
        self.dim, self.eps, self.momentum = dim, eps, momentum
        self.weight = nn.Parameter(torch.ones(features)) if scale else None  # Keras's gamma
        self.bias = nn.Parameter(torch.zeros(features)) if center else None  # Keras's beta
        self.register_buffer('running_mean', torch.zeros(features))
        self.register_buffer('running_var', torch.ones(features))

    def forward(self, x):
        y = F.batch_norm(x.movedim(self.dim, 1), self.running_mean, self.running_var, self.weight, self.bias,
                         self.training, self.momentum, self.eps)
        return y.movedim(1, self.dim)

    def extra_repr(self):
        return f'{self.running_mean.numel()}, dim={self.dim}, eps={self.eps}, momentum={self.momentum}, center={self.bias is not None}, scale={self.weight is not None}'
`,
  KerasNormalization: String.raw`
class KerasNormalization(nn.Module):
    """Keras's Normalization: (x - mean) / max(sqrt(variance), 1e-7), one mean and variance per entry
    along dim (keras/src/layers/preprocessing/normalization.py; 1e-7 is keras.backend.epsilon()).
    With mean= and variance= given: those numbers, no weights. Without them: the buffers mean,
    variance and Keras's count (2 per entry + 1, non-trainable, as Keras counts them), which
    adapt() sets from the training split before training (adapt_normalization)."""

    def __init__(self, size, dim, mean=None, variance=None):
        super().__init__()
        self.dim = dim
        self.fixed = mean is not None
        if self.fixed:
            self.fixed_mean, self.fixed_variance = mean, variance
            self.scale = 1.0 / max(math.sqrt(variance), 1e-7)
        else:
            self.register_buffer('mean', torch.zeros(size))
            self.register_buffer('variance', torch.ones(size))
            # Keras keeps count for older saved models; its adapt() on an array leaves it 0.
            self.register_buffer('count', torch.zeros((), dtype=torch.int64))

    @torch.no_grad()
    def adapt(self, x):
        """Keras's adapt() on an array: the mean and the (population) variance of each entry along dim
        over every other axis of x, this layer's inputs for the whole training split. Sums in float64."""
        values = x.double().movedim(self.dim, -1).reshape(-1, self.mean.numel())
        mean = values.mean(0)
        variance = ((values - mean) ** 2).mean(0)
        self.mean.copy_(mean)
        self.variance.copy_(variance)
        return mean, variance

    def forward(self, x):
        if self.fixed:
            return (x - self.fixed_mean) * self.scale
        shape = [1] * x.dim()
        shape[self.dim] = -1
        return (x - self.mean.view(shape)) / torch.clamp(self.variance.sqrt(), min=1e-7).view(shape)

    def extra_repr(self):
        if self.fixed:
            return f'mean={self.fixed_mean}, variance={self.fixed_variance}'
        return f'{self.mean.numel()}, dim={self.dim}'
`,
  LastAxisBatchNorm: String.raw`
class LastAxisBatchNorm(nn.Module):
    """Keras's BatchNormalization normalizes the last axis; nn.BatchNorm1d wants it second."""

    def __init__(self, features, eps, momentum):
        super().__init__()
        self.bn = nn.BatchNorm1d(features, eps=eps, momentum=momentum)

    def forward(self, x):
        y = self.bn(x.reshape(x.shape[0], -1, x.shape[-1]).transpose(1, 2))
        return y.transpose(1, 2).reshape(x.shape)
`,
};

/** Keras's initializers, the summary, the weights file. */
export const PY_TORCH_CORE = String.raw`
# Keras draws its *_normal initializers from a normal cut at 2 sigma, with sigma divided by this
# constant so that the cut distribution keeps the intended spread
# (keras/src/initializers/random_initializers.py, VarianceScaling).
TRUNCATED_NORMAL_CORRECTION = 0.87962566103423978
VARIANCE_SCALING = {  # name: (scale, mode, distribution), as Keras defines them
    'glorot_uniform': (1.0, 'fan_avg', 'uniform'),
    'glorot_normal': (1.0, 'fan_avg', 'truncated_normal'),
    'he_uniform': (2.0, 'fan_in', 'uniform'),
    'he_normal': (2.0, 'fan_in', 'truncated_normal'),
    'lecun_uniform': (1.0, 'fan_in', 'uniform'),
    'lecun_normal': (1.0, 'fan_in', 'truncated_normal'),
}


@torch.no_grad()
def keras_init_(weight, name, fan_in, fan_out, arg=None):
    """Fills weight as Keras's initializer would, from the fans of Keras's kernel shape.
    PyTorch's own default (kaiming_uniform with a=sqrt(5)) is none of these."""
    if name == 'zeros':
        return weight.zero_()
    if name == 'ones':
        return weight.fill_(1.0)
    if name == 'normal':  # RandomNormal(stddev=arg)
        return weight.normal_(0.0, arg)
    if name == 'uniform':  # RandomUniform(-arg, arg)
        return weight.uniform_(-arg, arg)
    scale, mode, distribution = VARIANCE_SCALING[name]
    scale /= max(1.0, fan_in if mode == 'fan_in' else (fan_in + fan_out) / 2.0)
    if distribution == 'uniform':
        limit = math.sqrt(3.0 * scale)
        return weight.uniform_(-limit, limit)
    std = math.sqrt(scale) / TRUNCATED_NORMAL_CORRECTION
    return nn.init.trunc_normal_(weight, 0.0, std, -2.0 * std, 2.0 * std)


def regularization_loss(model):
    """Keras's kernel_regularizer and bias_regularizer, written out: l1 * sum|w| + l2 * sum(w^2) per
    entry of REGULARIZERS, added to the loss as Keras adds it (keras/src/regularizers/regularizers.py).
    An explicit penalty, not the optimizer's weight_decay: SGD's weight_decay=2*l2 matches it only for
    plain SGD, and Adam's weight_decay means something else again."""
    params = dict(model.named_parameters())
    total = torch.zeros((), device=next(model.parameters()).device) if REGULARIZERS else 0.0
    for name, l1, l2 in REGULARIZERS:
        w = params[name].float()
        if l1:
            total = total + l1 * w.abs().sum()
        if l2:
            total = total + l2 * w.square().sum()
    return total


def apply_weight_decay(model, lr, weight_decay):
    """The Train panel's weight decay, decoupled (Loshchilov & Hutter's AdamW): every trainable
    weight is multiplied by 1 - lr * weight_decay before the optimizer's step, whatever the optimizer.
    With Adam this is exactly torch.optim.AdamW(weight_decay=...); it is not SGD's or Adam's
    weight_decay= (those add weight_decay * w to the gradient, an L2 term)."""
    if not weight_decay:
        return
    with torch.no_grad():
        for p in model.parameters():
            if p.requires_grad:
                p.mul_(1.0 - lr * weight_decay)


class BestEpoch:
    """The Train panel's early stopping (webview/shared/training/earlyStopping.ts): an epoch improves
    when its validation data loss is below the best by more than min_delta (Keras's test); after
    patience epochs without one, training stops; restore() puts the best epoch's weights back at
    the end of every run, also one that ends before patience runs out."""

    def __init__(self, patience, min_delta):
        self.patience, self.min_delta = patience, min_delta
        self.best_epoch, self.best_loss, self.since_best, self.state = None, None, 0, None

    def observe(self, epoch, val_loss, model=None):
        """'improved', 'wait' or 'stop' after this epoch."""
        if (val_loss == val_loss) if self.best_loss is None else val_loss < self.best_loss - self.min_delta:
            self.best_epoch, self.best_loss, self.since_best = epoch, val_loss, 0
            if model is not None:
                self.state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            return 'improved'
        self.since_best += 1
        return 'stop' if self.since_best >= self.patience else 'wait'

    def restore(self, model):
        if self.state is not None:
            model.load_state_dict(self.state)
        return self.best_epoch


def augment_batch(xb, augment, generator):
    """The Train panel's augmentation of a training batch (N, height, width, channels): each image
    flipped left-right with probability 1/2 (when on), then shifted by whole pixels drawn uniformly
    from -shift..shift on each axis, the uncovered border 0. The same rule as NetLens's
    (webview/shared/training/augment.ts); its random numbers come from this generator."""
    if not augment or xb.dim() != 4:
        return xb
    n, h, w, _ = xb.shape
    s = int(augment['shift'])
    out = torch.zeros_like(xb)
    padded = F.pad(xb, (0, 0, s, s, s, s)) if s else xb
    for i in range(n):
        img = padded[i]
        if augment['flip'] and torch.rand((), generator=generator).item() < 0.5:
            img = torch.flip(img, dims=[1])
        dx = int(torch.randint(-s, s + 1, (), generator=generator)) if s else 0
        dy = int(torch.randint(-s, s + 1, (), generator=generator)) if s else 0
        # out(y, x) = img(y - dy, x - dx): in the padded picture that window starts at s - dy, s - dx.
        out[i] = img[s - dy:s - dy + h, s - dx:s - dx + w]
    return out


def keras_shape(t):
    """A tensor's shape as Keras prints it: batch as None, images channels-last."""
    dims = list(t.shape[1:])
    if t.dim() == 4:
        dims = [dims[1], dims[2], dims[0]]
    return [None] + [int(d) for d in dims]


def count_params(module):
    """(trainable, non-trainable): frozen weights and BatchNorm's moving statistics are non-trainable,
    as in Keras; PyTorch's num_batches_tracked counter is not a weight."""
    trainable = sum(p.numel() for p in module.parameters() if p.requires_grad)
    frozen = sum(p.numel() for p in module.parameters() if not p.requires_grad)
    stats = sum(b.numel() for n, b in module.named_buffers() if not n.endswith('num_batches_tracked'))
    return trainable, frozen + stats


def summarize(model):
    """Each layer's output shape (forward hooks on a zero batch) and parameter counts."""
    rows, hooks = [], []
    for key, name, kind in LAYERS:
        def hook(_module, _inputs, output, name=name, kind=kind, key=key):
            trainable, fixed = count_params(model.layers[key])
            rows.append({'name': name, 'type': kind, 'outputShape': keras_shape(output),
                         'params': trainable + fixed, 'trainableParams': trainable, 'nonTrainableParams': fixed})
        hooks.append(model.layers[key].register_forward_hook(hook))
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros((1,) + INPUT_SHAPE, device=next(model.parameters(), torch.zeros(1)).device))
    model.train(was_training)
    for h in hooks:
        h.remove()
    return rows


def print_summary(rows, out=print):
    shape_text = lambda s: '(' + ', '.join('None' if d is None else str(d) for d in s) + ')'
    names = [r['name'] + ' (' + r['type'] + ')' for r in rows]
    width = max([34] + [len(n) + 2 for n in names])
    rule = width + 42
    out(f'Model: "{MODEL_NAME}"')
    out('-' * rule)
    out(f'{"Layer (type)":<{width}}{"Output Shape":<28}{"Param #":>14}')
    out('=' * rule)
    for name, r in zip(names, rows):
        out(f'{name:<{width}}{shape_text(r["outputShape"]):<28}{r["params"]:>14,}')
    out('=' * rule)
    total = sum(r['params'] for r in rows)
    trainable = sum(r['trainableParams'] for r in rows)
    out(f'Total params: {total:,}')
    out(f'Trainable params: {trainable:,}')
    out(f'Non-trainable params: {total - trainable:,}')
    out('-' * rule)


# ---- weights: a framework-neutral .npz in Keras's names and layout ----------------------------
# 'conv': Keras (kh, kw, in, out) <-> PyTorch (out, in, kh, kw); 'dense': (in, out) <-> (out, in);
# 'hwc': a per-element PReLU slope on an image, (H, W, C) <-> (C, H, W); 'copy': same layout.
TO_TORCH = {'conv': (3, 2, 0, 1), 'dense': (1, 0), 'hwc': (2, 0, 1)}
TO_KERAS = {'conv': (2, 3, 1, 0), 'dense': (1, 0), 'hwc': (1, 2, 0)}


def load_weights(model, path):
    state = model.state_dict()
    with np.load(path) as npz:
        missing = [key for key, _, _ in WEIGHTS if key not in npz.files]
        if missing:
            raise SystemExit(f'{path} lacks {", ".join(missing)} (it holds {", ".join(npz.files)}).')
        for key, target, layout in WEIGHTS:
            value = npz[key]
            if layout in TO_TORCH:
                value = value.transpose(TO_TORCH[layout])
            if tuple(value.shape) != tuple(state[target].shape):
                raise SystemExit(f'{path}: {key} has shape {npz[key].shape} (Keras layout); this model needs '
                                 f'{tuple(state[target].shape)} in PyTorch layout ({layout}).')
            state[target].copy_(torch.from_numpy(np.ascontiguousarray(value)))


def save_weights(model, path):
    state = model.state_dict()
    arrays = {}
    for key, source, layout in WEIGHTS:
        value = state[source].detach().cpu().numpy()
        arrays[key] = value.transpose(TO_KERAS[layout]) if layout in TO_KERAS else value
    np.savez(path, **arrays)


def parameter_checksum(model):
    """SHA-256 of every parameter's bytes: equal on all ranks when DDP kept them in step."""
    digest = hashlib.sha256()
    for name, p in sorted(model.state_dict().items()):
        if not name.endswith('num_batches_tracked'):
            digest.update(p.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()
`;

/** Data, losses, the training loop and the command line. */
export const PY_TORCH_TRAIN = String.raw`
def download_images(name, data_dir):
    """MNIST or CIFAR-10 through torchvision, as uint8 (N, H, W, C) images and labels."""
    try:
        import torchvision
    except ImportError:
        raise SystemExit(f'{name} needs torchvision (pip install torchvision), or use --steps N to train on generated data.')
    root = data_dir or os.path.join(os.path.expanduser('~'), '.cache', 'netlens-data')
    if name == 'mnist':
        ds = torchvision.datasets.MNIST(root, train=True, download=True)
        return ds.data.numpy()[..., None], ds.targets.numpy()
    ds = torchvision.datasets.CIFAR10(root, train=True, download=True)
    return np.asarray(ds.data), np.asarray(ds.targets)


def loss_and_correct(out, y):
    """The Train panel's loss for this model's last layer, and the number of right answers."""
    if LOSS == 'softmax':  # probabilities: Keras's categorical cross-entropy clips them to [eps, 1 - eps]
        p = out.clamp(EPSILON, 1.0 - EPSILON)
        return F.nll_loss(torch.log(p), y), (out.argmax(dim=1) == y).sum()
    if LOSS == 'sigmoid':  # one probability per sample: binary cross-entropy
        p = out.reshape(-1).clamp(EPSILON, 1.0 - EPSILON)
        return F.binary_cross_entropy(p, y.float()), ((p > 0.5).long() == y).sum()
    return F.cross_entropy(out, y), (out.argmax(dim=1) == y).sum()


${PY_LEARNING_RATE_AT.trim()}


${PY_TORCH_OPTIMIZERS.trim()}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=f'{MODEL_NAME}, exported by NetLens. Under torchrun it trains with DistributedDataParallel.')
    p.add_argument('--summary', action='store_true', help='print each layer\'s output shape and parameters, then exit')
    p.add_argument('--json', action='store_true', help='with --summary: print it as JSON')
    p.add_argument('--steps', type=int, default=0, help='train N steps on generated data (no download), then exit')
    p.add_argument('--epochs', type=int, default=SETTINGS['epochs'])
    p.add_argument('--batch-size', type=int, default=SETTINGS['batch_size'], help='per process under torchrun')
    p.add_argument('--lr', type=float, default=SETTINGS['lr'])
    p.add_argument('--optimizer', choices=list(OPTIMIZER_DEFAULTS), default=SETTINGS['optimizer'])
    p.add_argument('--dataset', choices=['spiral', 'circles', 'xor', 'blobs', 'shapes', 'mnist', 'cifar'], default=SETTINGS['dataset'])
    p.add_argument('--samples', type=int, default=SETTINGS['samples'], help='samples of a synthetic set (0: all of MNIST/CIFAR-10)')
    p.add_argument('--validation-split', type=float, default=SETTINGS['validation_split'])
    p.add_argument('--seed', type=int, default=SETTINGS['seed'])
    p.add_argument('--normalize', choices=['off', 'center', 'standardize'], default=SETTINGS['normalize'],
                   help='normalize the inputs per channel with the training split\'s mean (and std)')
    p.add_argument('--weight-decay', type=float, default=SETTINGS.get('weight_decay', 0.0), help='decoupled weight decay (AdamW-style); 0: off')
    p.add_argument('--data', default=None, help='folder for MNIST/CIFAR-10 (downloaded there when absent)')
    p.add_argument('--weights', default=None, help='load weights from a .npz (Keras names and layout)')
    p.add_argument('--save', default=None, help='save the trained weights to a .npz (Keras names and layout)')
    p.add_argument('--amp', action='store_true', help='mixed precision on CUDA')
    p.add_argument('--cpu', action='store_true', help='stay on the CPU even when a GPU is there')
    p.add_argument('--checksum', action='store_true', help='print a checksum of the parameters on every rank at the end')
    return p.parse_args(argv)


@torch.no_grad()
def adapt_normalization(model, x, device, log=print):
    """Keras's Normalization.adapt() on the training split, before training: each Normalization layer
    of NORMALIZATION gets the mean and variance of its own inputs (the layers before it run in
    eval mode). The validation split never reaches it: fitting on it too would leak it into the model."""
    if not NORMALIZATION:
        return
    was_training = model.training
    model.eval()
    h = x.to(device)
    if h.dim() == 4:
        h = h.permute(0, 3, 1, 2)  # channels-last images, as Model.forward takes them
    last = NORMALIZATION[-1]
    for key, layer in model.layers.items():
        if key in NORMALIZATION:
            mean, variance = layer.norm.adapt(h)
            log(f'{key}: adapt() on {len(x)} training samples: ' + json.dumps({'mean': mean.tolist(), 'variance': variance.tolist()}))
            if key == last:
                break
        h = layer(h)
    model.train(was_training)


def main(argv=None):
    args = parse_args(argv)
    world = int(os.environ.get('WORLD_SIZE', '1'))
    rank = int(os.environ.get('RANK', '0'))
    local_rank = int(os.environ.get('LOCAL_RANK', '0'))
    use_cuda = torch.cuda.is_available() and not args.cpu
    device = torch.device(f'cuda:{local_rank}' if use_cuda else 'cpu')
    if use_cuda:
        torch.cuda.set_device(device)
    if world > 1:
        # torchrun sets RANK, WORLD_SIZE and the rendezvous address; NCCL talks between GPUs, Gloo between CPUs.
        dist.init_process_group(backend='nccl' if use_cuda else 'gloo')
    log = print if rank == 0 else (lambda *a, **k: None)

    torch.manual_seed(args.seed)  # the same initial weights in every process
    model = Model().to(device)
    if args.weights:
        load_weights(model, args.weights)
    if args.summary:
        rows = summarize(model)
        if args.json:
            log(json.dumps({'layers': rows, 'totalParams': sum(r['params'] for r in rows),
                            'trainableParams': sum(r['trainableParams'] for r in rows)}))
        else:
            print_summary(rows, log)
        if world > 1:
            dist.destroy_process_group()
        return
    print_summary(summarize(model), log)
    if not TRAINABLE:
        raise SystemExit('The model\'s output is not one score per class, so it cannot be trained as a classifier.')

    if args.steps:
        gen = torch.Generator().manual_seed(args.seed)
        n = args.steps * args.batch_size * world
        x = torch.rand((n,) + INPUT_SHAPE, generator=gen)
        y = torch.randint(0, NUM_CLASSES, (n,), generator=gen)
        x_val = y_val = None
        epochs = 1
    else:
        xs, ys = load_dataset(args.dataset, INPUT_SHAPE, NUM_CLASSES, args.samples, args.seed,
                              lambda name: download_images(name, args.data))
        n_val = int(math.floor(len(xs) * args.validation_split))
        n_train = len(xs) - n_val
        xs, stats = normalize_inputs(xs, n_train, args.normalize, SETTINGS['normalize_channels'])
        if stats is not None:
            log(f'normalize ({args.normalize}) with the training split\'s statistics: mean {json.dumps(stats[0].tolist())} std {json.dumps(stats[1].tolist())}')
        x, y = torch.from_numpy(xs[:n_train]), torch.from_numpy(ys[:n_train])
        x_val, y_val = (torch.from_numpy(xs[n_train:]), torch.from_numpy(ys[n_train:])) if n_val else (None, None)
        epochs = args.epochs
        log(f'{args.dataset}: {n_train} training and {n_val} validation samples')
    adapt_normalization(model, x, device, log)  # the training split only (generated data with --steps)

    train_set = TensorDataset(x, y)
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=args.seed) if world > 1 else None
    loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=sampler is None, sampler=sampler,
                        generator=torch.Generator().manual_seed(args.seed), pin_memory=use_cuda)
    net = DDP(model, device_ids=[local_rank] if use_cuda else None) if world > 1 else model
    # The panel's hyperparameters go with the panel's optimizer; another one from the command line gets TF.js's defaults.
    optimizer = make_optimizer(net.parameters(), args.optimizer, args.lr, SETTINGS['hypers'] if args.optimizer == SETTINGS['optimizer'] else {})
    scheduler = make_scheduler(optimizer, SETTINGS['schedule'], args.lr, len(loader), epochs)
    amp = args.amp and use_cuda
    scaler = torch.cuda.amp.GradScaler(enabled=amp)
    augment = SETTINGS.get('augment') if not args.steps else None
    early = SETTINGS.get('early_stopping')
    watch = BestEpoch(early['patience'], early['min_delta']) if early and not args.steps else None
    augment_gen = torch.Generator().manual_seed(args.seed + 1)

    for epoch in range(1, epochs + 1):
        if sampler is not None:
            sampler.set_epoch(epoch)
        net.train()
        totals = torch.zeros(3, dtype=torch.float64, device=device)  # loss sum, right answers, samples
        started = time.time()
        for step, (xb, yb) in enumerate(loader, 1):
            xb = augment_batch(xb, augment, augment_gen)
            xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
            with torch.autocast(device_type='cuda', dtype=torch.float16, enabled=amp):
                out = net(xb)
            loss, correct = loss_and_correct(out.float(), yb)
            loss = loss + regularization_loss(model)  # Keras's loss includes the weight penalties
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            # At this batch's rate (a schedule moves it), as the panel and Keras decay.
            apply_weight_decay(model, optimizer.param_groups[0]['lr'], args.weight_decay)
            scaler.step(optimizer)
            scaler.update()
            if scheduler is not None:
                scheduler.step()  # the next batch's rate (the schedule counts batches)
            totals += torch.stack([loss.detach().double() * len(yb), correct.double(), torch.tensor(float(len(yb)), device=device, dtype=torch.float64)])
            if args.steps:
                log(f'step {step}/{len(loader)} - loss: {loss.item():.4f}')
        if world > 1:
            dist.all_reduce(totals)
        line = f'{len(loader)}/{len(loader)} - {time.time() - started:.0f}s - loss: {totals[0] / totals[2]:.4f} - accuracy: {totals[1] / totals[2]:.4f}'
        verdict = None
        if x_val is not None:
            val_loss, val_acc = evaluate(model, x_val, y_val, args.batch_size, device)
            line += f' - val_loss: {val_loss:.4f} - val_accuracy: {val_acc:.4f}'
            if watch is not None:  # the Train panel watches the data loss (val_loss here includes the penalty)
                verdict = watch.observe(epoch, val_loss - float(regularization_loss(model)), model)
        log(f'Epoch {epoch}/{epochs}')
        log(line)
        if verdict == 'stop' and epoch < epochs:
            log(f'early stopping: no improvement for {watch.patience} epochs')
            break
    if watch is not None and watch.best_epoch is not None:
        log(f'restored the weights of epoch {watch.restore(model)} (the best validation loss)')

    if args.save and rank == 0:
        save_weights(model, args.save)
        log(f'weights saved to {args.save}')
    if args.checksum:
        print(f'rank {rank} checksum {parameter_checksum(model)}', flush=True)
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


@torch.no_grad()
def evaluate(model, x, y, batch_size, device):
    model.eval()
    loss_sum, correct = 0.0, 0
    for i in range(0, len(x), batch_size):
        xb, yb = x[i:i + batch_size].to(device), y[i:i + batch_size].to(device)
        loss, right = loss_and_correct(model(xb).float(), yb)
        loss_sum += loss.item() * len(yb)
        correct += int(right)
    model.train()
    # Keras's val_loss includes the weight penalties too (the same for every batch here).
    return loss_sum / len(x) + float(regularization_loss(model)), correct / len(x)
`;
