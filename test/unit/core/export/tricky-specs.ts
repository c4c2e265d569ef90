/**
 * Specs where Keras and PyTorch differ beyond the examples: asymmetric 'same' pools, explicit P
 * on a pool, PReLU and maxout on images, frozen layers, activations with parameters, rank-2 tensors.
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
};
