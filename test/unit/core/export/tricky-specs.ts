/**
 * Specs where Keras and PyTorch differ beyond the examples: asymmetric 'same' pools, explicit P
 * on a pool, PReLU and maxout on images, frozen layers, activations with parameters, rank-2 tensors,
 * and Keras's arguments pasted as Keras calls: BatchNormalization's axis, center and scale, PReLU's
 * shared_axes, ReLU's max_value (6 is relu6) and negative_slope, LeakyReLU's and 'leaky_relu''s
 * own defaults.
 */
export const TRICKY_SPECS: Record<string, string> = {
  'tricky-image.netspec': `input 13x12x2
conv2d 4 4 stride=3 padding=same activation=selu use_bias=false init=lecun_normal
avgpool2d 3 stride=2 padding=same
maxpool2d 2 stride=1 padding=1
dense 5 activation=prelu init=he_uniform
batchnorm trainable=false
maxout 3 pieces=2 init=uniform(0.1)
activation softmax
leaky_relu 0.2
elu 0.5
activation hard_sigmoid
dense 6 activation=elu(0.3)
globalmaxpool2d
dense 2 activation=softmax init=normal(0.01)`,
  'tricky-sequence.netspec': `input 6x5
dense 7 activation=hard_sigmoid trainable=false
batchnorm momentum=0.9 epsilon=0.01
dense 4 activation=gelu
flatten
dense 3 activation=exponential`,
  'tricky-keras-image.netspec': `layers.Input(shape=(9, 8, 3))
layers.Conv2D(4, 3, padding="same")
layers.BatchNormalization(axis=1, center=False)
layers.BatchNormalization(axis=2, scale=False, momentum=0.9)
layers.BatchNormalization(center=False, scale=False)
layers.BatchNormalization(axis=-3)
layers.PReLU(shared_axes=[1, 2])
layers.ReLU(max_value=3.5)
layers.ReLU(6.)
layers.LeakyReLU()
layers.ReLU(negative_slope=0.1)
layers.MaxPooling2D()
layers.PReLU(shared_axes=[1])
layers.PReLU(shared_axes=[3])
layers.Flatten()
layers.Dense(6, activation="leaky_relu")
layers.BatchNormalization(center=False)
layers.ReLU(max_value=0.5)
layers.Dense(5, activation="softmax")`,
  'tricky-keras-sequence.netspec': `layers.Input(shape=(6, 5))
layers.Dense(7)
layers.BatchNormalization(axis=1, scale=False)
layers.BatchNormalization(axis=-1, center=False)
layers.PReLU(shared_axes=[2])
layers.LeakyReLU(negative_slope=0.25)
layers.Flatten()
layers.Dense(3, activation="softmax")`,
  'tricky-native-args.netspec': `input 7x6x2
conv2d 3 3
batchnorm axis=2 center=false
prelu shared_axes=[1, 2]
leaky_relu
activation leaky_relu
flatten
dense 4 activation=leaky_relu
dense 3 activation=softmax`,
};
