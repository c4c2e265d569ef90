/** The fixed parts of the exported Keras script (keras.ts adds the model). */
import { PY_KERAS_OPTIMIZERS, PY_LEARNING_RATE_AT } from './optimizerScript';

/** Helpers the model lines may call, keyed by name; keras.ts includes only those it uses. */
export const PY_KERAS_HELPERS: Record<string, string> = {
  leaky_relu: String.raw`
def leaky_relu(negative_slope):
    """Leaky ReLU with the spec's slope (the 'leaky_relu' string would mean Keras's 0.2)."""
    return lambda x: keras.activations.leaky_relu(x, negative_slope=negative_slope)
`,
  elu: String.raw`
def elu(alpha):
    """ELU with the spec's alpha."""
    return lambda x: keras.activations.elu(x, alpha=alpha)
`,
  prelu: String.raw`
def prelu():
    """A PReLU as a layer's activation: Keras tracks the PReLU layer inside its owner, so its slopes
    (one per output value) count among the owner's parameters, as NetLens counts them."""
    return layers.PReLU()
`,
  hard_sigmoid: String.raw`
def hard_sigmoid():
    """clip(0.2 x + 0.5, 0, 1), NetLens's hard sigmoid (Keras 3's 'hard_sigmoid' is relu6(x + 3) / 6)."""
    return lambda x: keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)
`,
  Maxout: String.raw`
class Maxout(layers.Layer):
    """Maxout (Goodfellow et al., 2013), which Keras lacks: a Dense of units * pieces outputs, then
    the max over each unit's pieces (unit u's pieces adjacent, as in NetLens's TF.js model)."""

    def __init__(self, units, pieces=2, kernel_initializer='glorot_uniform', kernel_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        self.units, self.pieces = units, pieces
        self.dense = layers.Dense(units * pieces, kernel_initializer=kernel_initializer, kernel_regularizer=kernel_regularizer)

    def call(self, x):
        y = self.dense(x)
        return keras.ops.max(keras.ops.reshape(y, (-1,) + tuple(y.shape[1:-1]) + (self.units, self.pieces)), axis=-1)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)
`,
  padded: String.raw`
def padded(layer_class):
    """Keras's Conv2D and pooling take padding 'valid' or 'same' only; the lecture's explicit P is a
    ZeroPadding2D before a 'valid' layer. This wrapper keeps the two as one named layer."""
    def make(*args, padding, name, **kwargs):
        return keras.Sequential([layers.ZeroPadding2D(padding), layer_class(*args, padding='valid', **kwargs)], name=name)
    return make


Conv2D = padded(layers.Conv2D)
MaxPooling2D = padded(layers.MaxPooling2D)
AveragePooling2D = padded(layers.AveragePooling2D)
`,
};

export const PY_KERAS_TRAIN = String.raw`
def load_weights(model, path):
    with np.load(path) as npz:
        for layer_name, keys in WEIGHTS.items():
            missing = [k for k in keys if k not in npz.files]
            if missing:
                raise SystemExit(f'{path} lacks {", ".join(missing)}.')
            model.get_layer(layer_name).set_weights([npz[k] for k in keys])


def save_weights(model, path):
    arrays = {}
    for layer_name, keys in WEIGHTS.items():
        for key, value in zip(keys, model.get_layer(layer_name).get_weights()):
            arrays[key] = value
    np.savez(path, **arrays)


def download_images(name, data_dir):
    """MNIST or CIFAR-10 through keras.datasets, as uint8 (N, H, W, C) images and labels."""
    if name == 'mnist':
        path = os.path.join(os.path.abspath(data_dir), 'mnist.npz') if data_dir else 'mnist.npz'
        (x, y), _ = keras.datasets.mnist.load_data(path=path)
        return x[..., None], y
    if data_dir and os.path.isdir(os.path.join(data_dir, 'cifar-10-batches-py')):
        import pickle
        xs, ys = [], []
        for i in range(1, 6):
            with open(os.path.join(data_dir, 'cifar-10-batches-py', f'data_batch_{i}'), 'rb') as f:
                batch = pickle.load(f, encoding='bytes')
            xs.append(batch[b'data'].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1))
            ys.append(np.asarray(batch[b'labels']))
        return np.concatenate(xs), np.concatenate(ys)
    (x, y), _ = keras.datasets.cifar10.load_data()
    return x, y.reshape(-1)


def adapt_normalization(model, x):
    """Keras's Normalization.adapt() on the training split, before fit(): each layer of NORMALIZATION
    gets the mean and variance of its own inputs. The validation split never reaches it: fitting
    on it too would leak it into the model."""
    for name in NORMALIZATION:
        layer = model.get_layer(name)
        index = model.layers.index(layer)
        inputs = x if index == 0 else keras.Model(model.inputs, model.layers[index - 1].output).predict(x, verbose=0)
        layer.adapt(inputs)
        stats = {'mean': np.asarray(layer.adapt_mean).tolist(), 'variance': np.asarray(layer.adapt_variance).tolist()}
        print(f'{name}: adapt() on {len(x)} training samples: {stats}')


def make_augmenter(augment, seed):
    """The Train panel's augmentation with Keras's layers, active only in training. NOT EXACT: NetLens
    draws whole-pixel shifts uniformly from -shift..shift; RandomTranslation draws a shift uniformly
    from the continuous range [-shift, shift] pixels and rounds it (interpolation='nearest'), so the
    end shifts come half as often. The flips are the same rule; the random numbers differ."""
    steps = []
    if augment['flip']:
        steps.append(layers.RandomFlip('horizontal', seed=seed))
    if augment['shift']:
        steps.append(layers.RandomTranslation(augment['shift'] / INPUT_SHAPE[0], augment['shift'] / INPUT_SHAPE[1],
                                              fill_mode='constant', fill_value=0.0, interpolation='nearest', seed=seed))
    return keras.Sequential(steps)


def make_callbacks():
    """The Train panel's early stopping as Keras's EarlyStopping(restore_best_weights=True), made to
    restore in on_train_end too (older tf.keras restored only when patience ran out). Keras's
    val_loss includes the weight penalties; the panel watches the data loss, so with a penalty
    the best epoch can differ."""
    early = SETTINGS.get('early_stopping')
    if not early:
        return []

    class RestoreBestAtEnd(keras.callbacks.EarlyStopping):
        def on_train_end(self, logs=None):
            super().on_train_end(logs)
            if self.best_weights is not None:
                self.model.set_weights(self.best_weights)

    return [RestoreBestAtEnd(monitor='val_loss', patience=early['patience'], min_delta=early['min_delta'], restore_best_weights=True)]


def fit_augmented(model, x, y, args):
    """model.fit on augmented training batches; validation on the last samples, cut where Keras's
    validation_split cuts, never augmented."""
    import tensorflow as tf
    n_train = int(math.floor(len(x) * (1.0 - args.validation_split)))
    augmenter = make_augmenter(SETTINGS['augment'], args.seed)
    train = (tf.data.Dataset.from_tensor_slices((x[:n_train], y[:n_train]))
             .shuffle(n_train, seed=args.seed, reshuffle_each_iteration=True)
             .batch(args.batch_size)
             .map(lambda a, b: (augmenter(a, training=True), b)))
    validation = (x[n_train:], y[n_train:]) if n_train < len(x) else None
    model.fit(train, epochs=args.epochs, validation_data=validation, callbacks=make_callbacks())


${PY_LEARNING_RATE_AT.trim()}


${PY_KERAS_OPTIMIZERS.trim()}


def make_loss():
    if LOSS == 'softmax':
        return keras.losses.SparseCategoricalCrossentropy()
    if LOSS == 'sigmoid':
        return keras.losses.BinaryCrossentropy()
    return keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=f'{MODEL_NAME}, exported by NetLens.')
    p.add_argument('--summary', action='store_true', help='print model.summary(), then exit')
    p.add_argument('--steps', type=int, default=0, help='train N steps on generated data (no download), then exit')
    p.add_argument('--epochs', type=int, default=SETTINGS['epochs'])
    p.add_argument('--batch-size', type=int, default=SETTINGS['batch_size'], help='global: split over the replicas')
    p.add_argument('--lr', type=float, default=SETTINGS['lr'])
    p.add_argument('--optimizer', choices=list(OPTIMIZER_DEFAULTS), default=SETTINGS['optimizer'])
    p.add_argument('--dataset', choices=['spiral', 'circles', 'xor', 'blobs', 'shapes', 'mnist', 'cifar'], default=SETTINGS['dataset'])
    p.add_argument('--samples', type=int, default=SETTINGS['samples'], help='samples of a synthetic set (0: all of MNIST/CIFAR-10)')
    p.add_argument('--validation-split', type=float, default=SETTINGS['validation_split'])
    p.add_argument('--seed', type=int, default=SETTINGS['seed'])
    p.add_argument('--normalize', choices=['off', 'center', 'standardize'], default=SETTINGS['normalize'],
                   help='normalize the inputs per channel with the training split\'s mean (and std)')
    p.add_argument('--weight-decay', type=float, default=SETTINGS.get('weight_decay', 0.0), help='decoupled weight decay; 0: off')
    p.add_argument('--data', default=None, help='folder with mnist.npz or cifar-10-batches-py (else downloaded)')
    p.add_argument('--weights', default=None, help='load weights from a .npz (Keras names and layout)')
    p.add_argument('--save', default=None, help='save the trained weights to a .npz')
    p.add_argument('--strategy', choices=['none', 'mirrored'], default='none',
                   help='mirrored: tf.distribute.MirroredStrategy, one replica per visible GPU')
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    keras.utils.set_random_seed(args.seed)
    if args.strategy == 'mirrored':
        import tensorflow as tf
        scope = tf.distribute.MirroredStrategy().scope
    else:
        import contextlib
        scope = contextlib.nullcontext
    with scope():
        model = build_model()
        if args.weights:
            load_weights(model, args.weights)
    model.summary()
    if args.summary:
        return
    if not TRAINABLE:
        raise SystemExit('The model\'s output is not one score per class, so it cannot be trained as a classifier.')
    if args.steps:
        rng = np.random.default_rng(args.seed)
        n = args.steps * args.batch_size
        x = rng.random((n,) + INPUT_SHAPE, dtype=np.float32)
        y = rng.integers(0, NUM_CLASSES, n)
        epochs, validation_split, shuffle = 1, 0.0, False
    else:
        x, y = load_dataset(args.dataset, INPUT_SHAPE, NUM_CLASSES, args.samples, args.seed,
                            lambda name: download_images(name, args.data))
        epochs, validation_split, shuffle = args.epochs, args.validation_split, True
        # The statistics come from the training split as the Train panel splits it (its first n - floor(n * validation_split)).
        n_train = len(x) - int(math.floor(len(x) * args.validation_split))
        x, stats = normalize_inputs(x, n_train, args.normalize, SETTINGS['normalize_channels'])
        if stats is not None:
            print(f'normalize ({args.normalize}) with the training split\'s statistics: mean {stats[0].tolist()} std {stats[1].tolist()}')
    # validation_split takes the last samples, as the Train panel does (the set is already shuffled):
    # fit() trains on the first floor(n * (1 - validation_split)) (keras/src/trainers/data_adapters/
    # array_slicing.py, train_validation_split), and only they are adapted to.
    n_train = int(math.floor(len(x) * (1.0 - validation_split)))
    adapt_normalization(model, x[:n_train])
    batches_per_epoch = math.ceil(n_train / args.batch_size)
    schedule = SETTINGS['schedule']
    lr = PanelSchedule(schedule, args.lr, batches_per_epoch, epochs) if schedule else args.lr
    hypers = SETTINGS['hypers'] if args.optimizer == SETTINGS['optimizer'] else {}
    with scope():
        model.compile(optimizer=make_optimizer(args.optimizer, lr, hypers, args.weight_decay), loss=make_loss(), metrics=['accuracy'])
    if SETTINGS.get('augment') and len(INPUT_SHAPE) == 3 and not args.steps:
        fit_augmented(model, x, y, args)
    else:
        model.fit(x, y, batch_size=args.batch_size, epochs=epochs, validation_split=validation_split, shuffle=shuffle,
                  callbacks=make_callbacks())
    if args.save:
        save_weights(model, args.save)
        print(f'weights saved to {args.save}')
`;
