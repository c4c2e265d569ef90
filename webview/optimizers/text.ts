/**
 * The optimizer explorer's user-facing sentences in one place, so they can move to a string
 * catalogue (and Korean) without touching the views. Names and formulas of the optimizers and
 * surfaces live with their definitions (webview/shared/tf/optimizers.ts, ./surfaces.ts).
 */
export const TEXT = {
  title: 'Optimizers',
  lede:
    'Every path is TF.js’s own tf.train.* optimizer stepping a tf.variable, the same objects the Train panel uses. ' +
    'Click the plot to start every optimizer from that point.',
  backendTitle: 'TF.js backend computing every step: the CPU, since a step is a handful of operations on two numbers (a GPU would spend it on transfers).',
  arrowsLegend:
    'Arrows at each optimizer’s newest point: dashed in its colour, the gradient’s direction −∇f; dashed grey, the velocity term (what momentum adds to SGD’s −lr·∇f, in proportion to the step); solid, the step TF.js took, and for the per-coordinate methods (AdaGrad, RMSprop, Adam, Adadelta, Adamax) its x and y parts on the same scale: Adam’s two are about equal whatever the gradient. The table gives the step’s size per coordinate.',
  escapeHelp: 'Steps until the loss falls below −1 (off the saddle).',
  reachHelp: 'Steps until the point is within 1e-3 of the minimum.',
  distanceHelp: 'Distance to the nearest minimum.',
  stepHelp: 'The latest update per coordinate (Δx, Δy): Adam’s is about lr in each coordinate, whatever the gradient’s scale.',
  diverged: 'diverged',
  /** A run stopped far out on a surface unbounded below (the saddle): escaped, not broken. */
  ranOff: 'ran off (f → −∞)',
  never: '—',
  capped: (max: number) => `stopped at ${max.toLocaleString('en-US')} steps`,
  startHelp: 'start: click the plot',
  distillHelp:
    'Sets momentum to the best α and β for this κ (Distill, “Why Momentum Really Works”) and SGD to its best α = 2/(1 + κ): momentum then needs about √κ times fewer steps.',
} as const;
