/**
 * The datasets of the Train panel as Python (NumPy only), shared by the PyTorch and the Keras
 * script. The synthetic sets follow webview/shared/training/datasets.ts step by step with the same
 * mulberry32 generator (webview/shared/training/random.ts), so a seed gives the very samples the panel drew
 * (test/unit/core/export/datasets.test.ts holds the two side by side). MNIST and CIFAR-10 arrive
 * as uint8 images from the framework's downloader and are fitted to the input the same way.
 */

/** Python source; defines load_dataset(name, input_shape, num_classes, samples, seed, download). */
export const PY_DATASETS = String.raw`
MASK32 = 0xFFFFFFFF


class Mulberry32:
    """NetLens's seeded generator (webview/shared/training/random.ts): state n is seed + n * 0x6D2B79F5."""

    def __init__(self, seed):
        self.state = seed & MASK32

    def __call__(self):
        a = (self.state + 0x6D2B79F5) & MASK32
        self.state = a
        t = ((a ^ (a >> 15)) * (a | 1)) & MASK32
        t = (t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & MASK32)) & MASK32)) & MASK32
        return ((t ^ (t >> 14)) & MASK32) / 4294967296.0

    def take(self, n):
        """The next n draws at once (NumPy), equal to n calls."""
        u = np.uint64
        a = (u(self.state) + u(0x6D2B79F5) * np.arange(1, n + 1, dtype=np.uint64)) & u(MASK32)
        if n:
            self.state = int(a[-1])
        t = ((a ^ (a >> u(15))) * (a | u(1))) & u(MASK32)
        t = (t ^ ((t + (((t ^ (t >> u(7))) * (t | u(61))) & u(MASK32))) & u(MASK32))) & u(MASK32)
        return ((t ^ (t >> u(14))) & u(MASK32)).astype(np.float64) / 4294967296.0


def gaussian(rand):
    u = max(rand(), 1e-12)
    return math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * rand())


def permutation(n, rand):
    """Fisher-Yates as webview/shared/training/random.ts draws it."""
    p = list(range(n))
    draws = rand.take(max(n - 1, 0))
    for step, i in enumerate(range(n - 1, 0, -1)):
        j = int(math.floor(draws[step] * (i + 1)))
        p[i], p[j] = p[j], p[i]
    return np.array(p, dtype=np.int64)


def make_toy(name, count, num_classes, seed, noise=0.1):
    rand = Mulberry32(seed)
    xs = np.zeros((count, 2), dtype=np.float64)
    labels = np.zeros(count, dtype=np.int64)
    centres = [(math.cos(2 * math.pi * k / num_classes) * 0.6, math.sin(2 * math.pi * k / num_classes) * 0.6) for k in range(num_classes)]
    for i in range(count):
        k = i % num_classes
        if name == 'spiral':
            t = rand()
            theta = (k * 2 * math.pi) / num_classes + t * 4 + gaussian(rand) * noise * 2
            x, y = t * math.sin(theta), t * math.cos(theta)
        elif name == 'circles':
            r = rand() * 0.4 if k == 0 else 0.6 + rand() * 0.35
            a = rand() * 2 * math.pi
            x = r * math.cos(a) + gaussian(rand) * noise * 0.3
            y = r * math.sin(a) + gaussian(rand) * noise * 0.3
        elif name == 'xor':
            qx = -1 if rand() < 0.5 else 1
            qy = qx if k == 0 else -qx
            x = qx * (0.05 + rand() * 0.9) + gaussian(rand) * noise * 0.2
            y = qy * (0.05 + rand() * 0.9) + gaussian(rand) * noise * 0.2
        else:  # blobs
            cx, cy = centres[k]
            x = cx + gaussian(rand) * (0.12 + noise)
            y = cy + gaussian(rand) * (0.12 + noise)
        xs[i] = (x, y)
        labels[i] = k
    order = permutation(count, rand)
    return xs.astype(np.float32)[order], labels[order]


SHAPE_COLOURS = [(0.9, 0.2, 0.2), (0.2, 0.8, 0.3), (0.25, 0.35, 0.95), (0.95, 0.85, 0.2), (0.2, 0.85, 0.9),
                 (0.85, 0.25, 0.85), (0.95, 0.55, 0.15), (0.92, 0.92, 0.92), (0.55, 0.3, 0.8), (0.15, 0.6, 0.55)]


def inside_shape(k, u, v):
    # np.fmod is JavaScript's %, which keeps the sign of the dividend.
    au, av = np.abs(u), np.abs(v)
    box = (au <= 1) & (av <= 1)
    if k == 0:
        return u * u + v * v <= 1
    if k == 1:
        return (au <= 0.85) & (av <= 0.85)
    if k == 2:
        return (v <= 0.9) & (v >= -0.9) & (au <= (v + 0.9) / 1.8)
    if k == 3:
        return ((au <= 0.25) & (av <= 1)) | ((av <= 0.25) & (au <= 1))
    if k == 4:
        r = np.sqrt(u * u + v * v)
        return (r <= 1) & (r >= 0.55)
    if k == 5:
        return box & (np.fmod(np.floor((v + 1) * 2.5), 2) == 0)
    if k == 6:
        return au + av <= 1
    if k == 7:
        return box & (np.fmod(np.floor((u + v + 2) * 2), 2) == 0)
    if k == 8:
        fu = np.fmod((u + 1) * 1.5, 1) - 0.5
        fv = np.fmod((v + 1) * 1.5, 1) - 0.5
        return box & (fu * fu + fv * fv <= 0.09)
    return box & ((au >= 0.65) | (av >= 0.65))


def make_shapes(count, height, width, channels, seed):
    """Ten classes of jittered coloured shapes on a noisy dark background (H, W, C with C = 1 or 3)."""
    rand = Mulberry32(seed)
    xs = np.zeros((count, height, width, channels), dtype=np.float32)
    labels = np.arange(count, dtype=np.int64) % 10
    gx = (np.arange(width, dtype=np.float64) + 0.5) / width
    gy = (np.arange(height, dtype=np.float64) + 0.5) / height
    for i in range(count):
        k = i % 10
        d = rand.take(8 + height * width)
        shade = 0.75 + d[0] * 0.25
        rgb = [min(1.0, c * shade + (d[1 + j] - 0.5) * 0.1) for j, c in enumerate(SHAPE_COLOURS[k])]
        bg = d[4] * 0.25
        scale = 0.3 + d[5] * 0.25
        cx = 0.5 + (d[6] - 0.5) * (1 - 2 * scale) * 0.9
        cy = 0.5 + (d[7] - 0.5) * (1 - 2 * scale) * 0.9
        u = ((gx - cx) / scale)[None, :]
        v = ((gy - cy) / scale)[:, None]
        inside = inside_shape(k, u, v)
        noise = ((d[8:] - 0.5) * 0.12).reshape(height, width)
        if channels == 3:
            for c in range(3):
                xs[i, :, :, c] = np.clip(np.where(inside, rgb[c], bg) + noise, 0, 1)
        else:
            grey = 0.3 * rgb[0] + 0.59 * rgb[1] + 0.11 * rgb[2]
            xs[i, :, :, 0] = np.clip(np.where(inside, max(grey, 0.5), bg) + noise, 0, 1)
    order = permutation(count, rand)
    return xs[order], labels[order]


def fit_images(pixels, input_shape, name):
    """uint8 images (N, H, W, C) to the model's input: nearest-neighbour resize, grey <-> RGB, flatten."""
    n, sh, sw, sc = pixels.shape
    if len(input_shape) == 1:
        size = input_shape[0]
        h, w = sh, sw
        if size == sh * sw * sc:
            c = sc
        elif size == sh * sw and sc == 3:
            c = 1
        elif size == sh * sw * 3 and sc == 1:
            c = 3
        else:
            raise SystemExit(f'The input is a vector of {size} values, but {name} images are {sh}x{sw}x{sc}.')
    elif len(input_shape) == 3 and input_shape[2] in (1, 3):
        h, w, c = input_shape
    else:
        raise SystemExit(f'{name} images cannot be fitted to an input of shape {input_shape}.')
    ys = np.minimum(sh - 1, (np.arange(h) * sh) // h)
    xs = np.minimum(sw - 1, (np.arange(w) * sw) // w)
    img = pixels[:, ys][:, :, xs].astype(np.float64)
    if c == sc:
        out = img / 255
    elif c == 3:
        out = np.repeat(img / 255, 3, axis=3)
    else:
        out = ((0.299 * img[..., 0] + 0.587 * img[..., 1] + 0.114 * img[..., 2]) / 255)[..., None]
    return out.astype(np.float32).reshape((n,) + tuple(input_shape))


def normalize_inputs(x, n_train, mode, channels):
    """The Train panel's "normalize inputs": each channel's mean (and, to standardize, its population
    std) from the TRAINING split only, the first n_train samples, then applied to every sample. Fitting
    them on the validation samples too would leak those into the model. Divides by max(std, 1e-7), as
    Keras's Normalization does. Returns the normalized x and the (mean, std) it used, or None."""
    if mode not in ('center', 'standardize'):
        return x, None
    train = x[:n_train].astype(np.float64).reshape(-1, channels)
    mean = train.mean(axis=0)
    std = train.std(axis=0) if mode == 'standardize' else np.ones(channels)
    scale = 1.0 / np.maximum(std, 1e-7)
    out = (x.astype(np.float64).reshape(len(x), -1, channels) - mean) * scale
    return out.reshape(x.shape).astype(np.float32), (mean, std)


def load_dataset(name, input_shape, num_classes, samples, seed, download):
    """(x, y): x float32 in the model's input layout (channels-last), y int64 class indices, shuffled."""
    if name in ('spiral', 'circles', 'xor', 'blobs'):
        if tuple(input_shape) != (2,):
            raise SystemExit(f'{name} is a set of 2-D points; the model takes {input_shape}.')
        return make_toy(name, samples, max(num_classes, 2), seed)
    if name == 'shapes':
        if len(input_shape) != 3 or input_shape[2] not in (1, 3):
            raise SystemExit(f'The synthetic shapes are H x W x 1 or 3 images; the model takes {input_shape}.')
        return make_shapes(samples, input_shape[0], input_shape[1], input_shape[2], seed)
    pixels, labels = download(name)
    if samples:
        pixels, labels = pixels[:samples], labels[:samples]
    x = fit_images(pixels, input_shape, 'MNIST' if name == 'mnist' else 'CIFAR-10')
    order = permutation(len(x), Mulberry32(seed))
    return x[order], labels.astype(np.int64)[order]
`;

/**
 * The end both generated scripts share: the datasets section, the training code, and (outside a
 * notebook) the `__main__` guard. `trainHeading` is the training cell's comment line, if any.
 */
export function scriptTail(trainCode: string, trainHeading: string | undefined, forNotebook: boolean | undefined): string[] {
  const lines = ['', '', '# %%', "# ---- data: the Train panel's datasets ------------------------------------------------------", PY_DATASETS.trim(), '', '', '# %%'];
  if (trainHeading) lines.push(trainHeading);
  lines.push(trainCode.trim());
  if (!forNotebook) lines.push('', '', "if __name__ == '__main__':", '    main()');
  return lines;
}
