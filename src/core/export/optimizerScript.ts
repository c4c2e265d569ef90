/**
 * The exported scripts' optimizer and learning-rate schedule: the same update rules and rates the
 * Train panel trains with in TF.js (webview/shared/optimizerDefs.ts documents TF.js's rules,
 * webview/shared/training/trainConfig.ts scheduledRate the rate of each batch).
 *
 * How each TF.js optimizer maps (tfjs-core 4.22 src/optimizers/*_optimizer.ts; torch 1.13
 * torch/optim/*.py; keras 3 keras/src/optimizers/*.py):
 * - sgd, momentum, nesterov: PyTorch's SGD (dampening 0) and Keras's SGD step exactly as TF.js does
 *   (Keras keeps −lr inside its velocity, so under a schedule its velocity remembers earlier rates).
 * - adagrad: TF.js starts the accumulator at a₀ = 0.1 (PyTorch's default is 0, Keras's 0.1) and
 *   divides by √(a + 1e-7) (its backend epsilon, inside the root, as Keras does); PyTorch's Adagrad
 *   divides by √a + eps, so the script passes initial_accumulator_value and eps=1e-7 outside.
 * - rmsprop: TF.js's ρ is PyTorch's alpha, but TF.js and Keras put ε inside the root (PyTorch
 *   outside: about 1% apart for gradients near 0.01 with ε = 1e-6), and with momentum keep each
 *   step's rate inside the moment (PyTorch multiplies the moment by the current rate: different under
 *   a schedule). So the PyTorch script carries TF.js's rule as a small optimizer class (TfjsRMSprop).
 * - adam: the same as PyTorch's (ε outside √v̂); Keras adds ε to √v before the bias correction.
 * - adadelta: TF.js divides by the average of g² from before this step (its first step is lr·g);
 *   PyTorch and Keras divide by the one after, so the PyTorch script carries TF.js's rule as a small
 *   optimizer class, and the Keras script says where keras.optimizers.Adadelta differs.
 * - adamax: TF.js and Keras divide by max(β₂u, |g|) + ε; PyTorch by max(β₂u, |g| + ε).
 * The learning rate is always written out: the frameworks' defaults differ (Adadelta: PyTorch 1.0,
 * Keras 0.001; TF.js has none), and so do the other defaults, which is why every hyperparameter is
 * written out too (SETTINGS['hypers'], OPTIMIZER_DEFAULTS).
 * The differences of ε placement are below 1e-7 relative once the averages are not tiny
 * (test/unit/core/export/optimizers.test.ts steps each exported PyTorch optimizer against TF.js).
 */
import { pyFloat, pyString } from './layout';
import { EXPORT_OPTIMIZERS, resolvedHypers, resolvedSchedule, TFJS_OPTIMIZER_DEFAULTS, type ExportSettings } from './settings';

function pyDict(entries: [string, string][]): string {
  return `{${entries.map(([k, v]) => `${pyString(k)}: ${v}`).join(', ')}}`;
}

/** The SETTINGS lines for the optimizer's hyperparameters and the schedule (Python literals). */
export function settingsLines(s: ExportSettings): string[] {
  const hypers = resolvedHypers(s);
  const schedule = resolvedSchedule(s);
  const lines = [`    'hypers': ${pyDict(Object.entries(hypers).map(([k, v]) => [k, pyFloat(v as number)]))},`];
  if (!schedule) lines.push(`    'schedule': None,  # a constant learning rate`);
  else {
    const fields = Object.entries(schedule).map(([k, v]): [string, string] => [k, typeof v === 'string' ? pyString(v) : Number.isInteger(v) && k !== 'gamma' && k !== 'minLr' && k !== 'warmupStart' ? String(v) : pyFloat(v)]);
    lines.push(`    'schedule': ${pyDict(fields)},`);
  }
  return lines;
}

/** TF.js's defaults per optimizer, for a command line that picks another optimizer than the panel's. */
export function defaultsBlock(): string {
  const lines = ['# TF.js\'s defaults (the Train panel\'s), used when --optimizer picks another optimizer than SETTINGS\'s.', 'OPTIMIZER_DEFAULTS = {'];
  for (const id of EXPORT_OPTIMIZERS) {
    lines.push(`    ${pyString(id)}: ${pyDict(Object.entries(TFJS_OPTIMIZER_DEFAULTS[id]).map(([k, v]) => [k, pyFloat(v as number)]))},`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** The rate of each batch, as the Train panel computes it; both frameworks' scripts carry it. */
export const PY_LEARNING_RATE_AT = String.raw`
def learning_rate_at(schedule, lr, step, batches_per_epoch, epochs):
    """The Train panel's rate for batch 'step' (0-based over the run).

    t counts epochs or batches (schedule['per']); the warm-up always counts batches. The closed forms
    are PyTorch's: StepLR, ExponentialLR, CosineAnnealingLR (held at eta_min after T_max), LinearLR.
    """
    if not schedule:
        return lr
    per_epoch = schedule['per'] == 'epoch'
    t = step // max(1, batches_per_epoch) if per_epoch else step
    kind = schedule['kind']
    if kind == 'step':
        rate = lr * schedule['gamma'] ** (t // schedule['stepSize'])
    elif kind == 'exponential':
        rate = lr * schedule['gamma'] ** t
    elif kind == 'cosine':
        total = max(1, schedule.get('totalSteps') or (epochs if per_epoch else epochs * batches_per_epoch))
        low = schedule['minLr']
        rate = low + (lr - low) * (1 + math.cos(math.pi * min(t, total) / total)) / 2
    else:
        rate = lr
    warmup = schedule['warmupSteps']
    if warmup > 0:
        start = schedule['warmupStart']
        rate *= start + (1 - start) * min(step, warmup) / warmup
    return rate
`;

/** PyTorch: the optimizers, TF.js's Adadelta, and the scheduler. */
export const PY_TORCH_OPTIMIZERS = String.raw`
class TfjsAdadelta(torch.optim.Optimizer):
    """Adadelta as TF.js steps it (tfjs-core adadelta_optimizer.ts): the update divides by the average
    of g^2 from *before* this step, where torch.optim.Adadelta (and Zeiler's paper) use the one after.
    TF.js's first step is therefore lr * g exactly."""

    def __init__(self, params, lr, rho, eps):
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            rho, eps = group['rho'], group['eps']
            for p in group['params']:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state['square_avg'] = torch.zeros_like(p)
                    state['acc_delta'] = torch.zeros_like(p)
                square_avg, acc_delta = state['square_avg'], state['acc_delta']
                update = (acc_delta + eps).sqrt() / (square_avg + eps).sqrt() * p.grad
                square_avg.mul_(rho).addcmul_(p.grad, p.grad, value=1 - rho)
                acc_delta.mul_(rho).addcmul_(update, update, value=1 - rho)
                p.add_(update, alpha=-group['lr'])
        return loss


class TfjsRMSprop(torch.optim.Optimizer):
    """RMSprop as TF.js (and Keras) step it (tfjs-core rmsprop_optimizer.ts): epsilon inside the square root,
    s <- rho*s + (1 - rho)*g^2; m <- mu*m + lr*g/sqrt(s + eps); x <- x - m. torch.optim.RMSprop adds eps outside
    the root (with gradients near 0.01 and eps 1e-6 the steps differ by about 1%) and multiplies its moment by the
    current rate, where TF.js keeps each step's rate inside the moment (different under a schedule)."""

    def __init__(self, params, lr, rho, momentum, eps):
        super().__init__(params, dict(lr=lr, rho=rho, momentum=momentum, eps=eps))

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            rho, mu, eps, lr = group['rho'], group['momentum'], group['eps'], group['lr']
            for p in group['params']:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state['square_avg'] = torch.zeros_like(p)
                    state['moment'] = torch.zeros_like(p)
                square_avg = state['square_avg']
                square_avg.mul_(rho).addcmul_(p.grad, p.grad, value=1 - rho)
                update = p.grad * lr / (square_avg + eps).sqrt()
                if mu > 0:
                    update = state['moment'].mul_(mu).add_(update)
                p.sub_(update)
        return loss


def make_optimizer(params, name, lr, hypers=None):
    """The Train panel's TF.js optimizer in PyTorch, every hyperparameter written out (PyTorch's defaults differ)."""
    h = {**OPTIMIZER_DEFAULTS[name], **(hypers or {})}
    if name == 'sgd':
        return torch.optim.SGD(params, lr=lr)
    if name in ('momentum', 'nesterov'):
        # TF.js: v <- beta*v + g; x <- x - lr*v (Nesterov: x <- x - lr*(g + beta*v)): PyTorch's SGD with dampening 0.
        if h['momentum'] == 0:
            return torch.optim.SGD(params, lr=lr)  # PyTorch refuses nesterov without momentum; both are plain SGD then
        return torch.optim.SGD(params, lr=lr, momentum=h['momentum'], nesterov=name == 'nesterov')
    if name == 'adagrad':
        # TF.js starts the accumulator at a0 (PyTorch's default is 0) and divides by sqrt(a + 1e-7); PyTorch by sqrt(a) + eps.
        return torch.optim.Adagrad(params, lr=lr, initial_accumulator_value=h['initialAccumulatorValue'], eps=1e-7)
    if name == 'rmsprop':
        # TF.js's rho would be torch.optim.RMSprop's alpha, but its epsilon and momentum differ: see TfjsRMSprop.
        return TfjsRMSprop(params, lr=lr, rho=h['rho'], momentum=h['momentum'], eps=h['epsilon'])
    if name == 'adam':
        return torch.optim.Adam(params, lr=lr, betas=(h['beta1'], h['beta2']), eps=h['epsilon'])
    if name == 'adadelta':
        return TfjsAdadelta(params, lr=lr, rho=h['rho'], eps=h['epsilon'])
    if name == 'adamax':
        # TF.js divides by max(beta2*u, |g|) + eps; PyTorch by max(beta2*u, |g| + eps).
        return torch.optim.Adamax(params, lr=lr, betas=(h['beta1'], h['beta2']), eps=h['epsilon'])
    raise ValueError(f'unknown optimizer {name}')


def make_scheduler(optimizer, schedule, lr, batches_per_epoch, epochs):
    """Sets the Train panel's rate before every batch (call step() after each optimizer step); None for a constant rate."""
    if not schedule:
        return None
    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: learning_rate_at(schedule, lr, step, batches_per_epoch, epochs) / lr)
`;

/** Keras: the optimizers and the schedule as a LearningRateSchedule. */
export const PY_KERAS_OPTIMIZERS = String.raw`
class PanelSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """The Train panel's learning-rate schedule (learning_rate_at) on the optimizer's step counter."""

    def __init__(self, schedule, lr, batches_per_epoch, epochs):
        self.schedule, self.lr, self.batches_per_epoch, self.epochs = schedule, lr, batches_per_epoch, epochs

    def __call__(self, step):
        ops, s = keras.ops, self.schedule
        step = ops.cast(step, 'float32')
        per_epoch = s['per'] == 'epoch'
        t = ops.floor(step / max(1, self.batches_per_epoch)) if per_epoch else step
        lr = self.lr
        if s['kind'] == 'step':
            rate = lr * ops.power(s['gamma'], ops.floor(t / s['stepSize']))
        elif s['kind'] == 'exponential':
            rate = lr * ops.power(s['gamma'], t)
        elif s['kind'] == 'cosine':
            total = float(max(1, s.get('totalSteps') or (self.epochs if per_epoch else self.epochs * self.batches_per_epoch)))
            rate = s['minLr'] + (lr - s['minLr']) * (1 + ops.cos(math.pi * ops.minimum(t, total) / total)) / 2
        else:
            rate = lr * ops.ones(())
        if s['warmupSteps'] > 0:
            w = float(s['warmupSteps'])
            rate = rate * (s['warmupStart'] + (1 - s['warmupStart']) * ops.minimum(step, w) / w)
        return rate

    def get_config(self):
        return {'schedule': self.schedule, 'lr': self.lr, 'batches_per_epoch': self.batches_per_epoch, 'epochs': self.epochs}


def make_optimizer(name, lr, hypers=None, weight_decay=0.0):
    """The Train panel's TF.js optimizer in Keras; lr may be a PanelSchedule. Every hyperparameter is written out.
    Keras's weight_decay= is decoupled (keras/src/optimizers/base_optimizer.py, _apply_weight_decay:
    w -= w * weight_decay * lr before the update), as the Train panel's weight decay."""
    h = {**OPTIMIZER_DEFAULTS[name], **(hypers or {})}
    kw = {'weight_decay': weight_decay} if weight_decay else {}
    if name == 'sgd':
        return keras.optimizers.SGD(learning_rate=lr, **kw)
    if name in ('momentum', 'nesterov'):
        # Keras keeps -lr inside the velocity: the same steps as TF.js's at a constant rate; under a schedule
        # Keras's velocity keeps the earlier rates, TF.js multiplies the whole velocity by the current one.
        return keras.optimizers.SGD(learning_rate=lr, momentum=h['momentum'], nesterov=name == 'nesterov', **kw)
    if name == 'adagrad':
        return keras.optimizers.Adagrad(learning_rate=lr, initial_accumulator_value=h['initialAccumulatorValue'], epsilon=1e-7, **kw)
    if name == 'rmsprop':
        return keras.optimizers.RMSprop(learning_rate=lr, rho=h['rho'], momentum=h['momentum'], epsilon=h['epsilon'], **kw)
    if name == 'adam':
        # Keras adds epsilon to sqrt(v) before the bias correction ("epsilon hat"); TF.js after it.
        return keras.optimizers.Adam(learning_rate=lr, beta_1=h['beta1'], beta_2=h['beta2'], epsilon=h['epsilon'], **kw)
    if name == 'adadelta':
        # Not exactly TF.js's: keras.optimizers.Adadelta divides by the average of g^2 after this step, TF.js by
        # the one before (TF.js's first step is lr * g; Keras's is about lr * sqrt(eps / (1 - rho))).
        return keras.optimizers.Adadelta(learning_rate=lr, rho=h['rho'], epsilon=h['epsilon'], **kw)
    if name == 'adamax':
        return keras.optimizers.Adamax(learning_rate=lr, beta_1=h['beta1'], beta_2=h['beta2'], epsilon=h['epsilon'], **kw)
    raise ValueError(f'unknown optimizer {name}')
`;
