"""The help of each function: the text of `colres COMMAND --help`, with the
options as keyword arguments (tests/python_api.py holds them equal)."""

PARAMS = """
Parameters (keyword arguments; the CLI's names, lam for --lambda;
defaults: the paper's):
  gamma=X                   collision rate (Poissonian) (default 5; 1e-100 to 1e100)
  delta=X                   qubit level spacing (Bohr energy) (default 0.6; 1e-6 to 1e6)
  dx=X                      spatial width of the incoming packet (default 1; 1e-12 to 1e12)
  beta=X                    inverse temperature of the reservoir (default 0.1; 1e-12 to 1e12)
  mass=X                    mass of the bombarding particle (default 0.1; 1e-12 to 1e12)
  lam=X                     interaction strength (default 1; 0 to 1e12)
  length=X                  width of the scattering region (default 1; 1e-12 to 1e12)
  x0=X                      initial centre of the packet (default -10; -1e12 to -length/2 (exclusive))
  rough_s=X                 constant s of the rough estimate (Eq. 24) (default 0.01; 0 to 1e6)
  amplitudes='approx'|'exact'  scattering amplitudes (default approx, the paper's Eq. S1)
  levels=[E0, E1, ...]      energies of H_S, ascending, 2 to 8 levels (default -delta/2,+delta/2); sets delta = E1 - E0, a later --delta rescales
  coupling=C                (N, N) Hermitian array, or text "ROW;ROW": coupling C (V = lambda C) in the eigenbasis of H_S, rows ';', entries a, a+bi (default sigma_x+sigma_y; a ladder <j|C|j+1> = 1+i for N > 2)
  dephase=True              use the map D.S: dephasing D after each collision (Eq. 3)
  threads=N                 worker threads for sweeps and heat maps (default: one per CPU)
A bad value raises ValueError with the message the command prints.
"""

MAP = """colres.map(**params) -> complex array (N*N, N*N), [j'N + k', jN + k]

Print the scattering map S^{jk}_{j'k'} (Eq. 17), 16 rows: jp,kp,j,k,re,im
(N^4 rows for N levels).
With --error, a column error: |S - S'| for each entry, S' the same rule on
panels a third as wide (an estimate of the quadrature error; 3x the time),
plus, for approx amplitudes, a bound on the round-off of where e_max's jump
sits, 4 beta eps max|E|, which the panels cannot see and which dominates at
large level spacings (4.4e-11 at --delta 1e6, where the true error is 1.9e-12).
Here: no error estimate (use the command's --error); S[j'N + k', jN + k] = S^{jk}_{j'k'}, the command's row (jp,kp,j,k).
""" + PARAMS

STEADY = """colres.steady(**params) -> complex array (N, N), rho[j, k]

Print the steady state of the master equation (Eq. 9) at the given parameters.
With --dephase, of the map D.S: the thermal state at every gamma (Eq. 4).
Columns: gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00.
Another --levels or --coupling: rhoJJ for every level, rhoJK_re, rhoJK_im,
rhoJK_abs for every J < K, thermalJJ for every level ("excited" is the top level).
Here: the whole matrix rho; colres.thermal(**params) gives the thermal state.

Command options:
  dephase=True              use the map D.S: dephasing D after each collision (Eq. 3)
""" + PARAMS

SWEEP = """colres.sweep(name, values, **params) -> dict of arrays

Steady state along one parameter; the others stay fixed.
Columns: NAME,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,
rho01_first_order,rho01_rough,rho00_first_order: |rho01| to first order in
gamma (Eq. 14), the rough estimate s^2 (gamma/delta) exp(-beta m dx^2 delta^2/2)
with s = --rough-s (Eq. 24), and rho00 to first order (Eq. 15). The
first-order fields are empty where the estimate is undefined.
With --validity, three more: wigner_value (4*pi*dx*sqrt(mass/beta), valid if
>= 1), flux_below_emax (the fraction of particles below e_max) and
single_particle_ratio (gamma*L*sqrt(beta*mass), one particle at a time if < 0.1).
Points are written as they are computed, in blocks of 4096. A point that
fails is written with nan in its result columns and the sweep goes on;
stderr names the failures, and the exit status is then 1.
Another --levels or --coupling: NAME, rhoJJ for every level, rhoJK_re,
rhoJK_im, rhoJK_abs for J < K, thermalJJ, then rhoJK_first_order (|rho_JK|
to first order, Eq. 14) for J < K.
The first-order and rough columns are estimates: first order holds for
gamma well below the level spacing (a warning counts the points with
gamma >= the smallest spacing or a value > 1/2); the rough estimate with
s = 0.01 is an order of magnitude at best: over 40 points in the TUI's
slider ranges it sat a median 64x below the model's |rho01| (3.8x to
6.2e4x), and it falls off far faster at large dx.
Here: name is the parameter to vary (--vary; gamma, delta, dx, beta, mass,
lambda, length, x0, rough_s), values any 1-D sequence of its values
(colres.grid(a, b, n, log) gives the command's --from/--to/--points/--log
grid); the result has NAME (the values), 'steady', 'thermal' and
'first_order' (complex (n, N, N); first order NaN where undefined) and
'rough' (n,).

Command options:
  dephase=True              use the map D.S: dephasing D after each collision (Eq. 3)
""" + PARAMS

HEATMAP = """colres.heatmap(x=(name, xs), y=(name, ys), quantity='rho01_abs', **params)
    -> float array (len(ys), len(xs)), [iy, ix]; with several quantities
       (len(ys), len(xs), len(quantities)), [iy, ix, k]

       colres heatmap (the same grid options) --merge [--shards N] FILE...
|rho01| of the steady state on a grid (the paper's Fig. 3). Columns: x,y,rho01_abs,
or x,y and one column for each quantity of --quantity: rho01_abs, coherence (sum of
|rho_jk|, j != k), distance (trace distance to thermal), rho00, first_order (|rho01|
to first order in gamma, Eq. 14; empty where undefined), rough (the estimate
s^2 (gamma/delta) exp(-beta m dx^2 delta^2/2), Eq. 24, s = --rough-s); then, with
--validity, wigner_value, flux_below_emax and single_particle_ratio.
Rows (fixed y) are written in order as they finish; Ctrl-C stops after whole rows.
A cell that fails is written with nan and the map goes on; stderr names the
failures, and the exit status is then 1.
--merge checks that the files hold every cell of the grid exactly once (at the
grid's x and y) and writes the map in grid order under one header; a missing
cell is an error (exit 1) naming the shards to run again (--shards N) or rows.
Here: x and y each a parameter name and a 1-D sequence of values (default
dx over colres.grid(0.1, 3, 64) and delta over colres.grid(0.05, 3, 64));
Ctrl-C stops the workers after whole rows and raises KeyboardInterrupt.

Command options:
  quantity='rho01_abs'      a name, or several (a list, or joined by commas) computed at once; the command's --quantity Q1,Q2,... gives one column each (default rho01_abs): rho01_abs, coherence, distance, rho00, first_order, rough
  dephase=True              use the map D.S: dephasing D after each collision (Eq. 3)
""" + PARAMS

EVOLVE = """colres.evolve(times, initial='excited', **params) -> complex array (T, N, N)

The mean evolution exp(Lt) rho(0) from the excited state (or --initial):
the average over all trajectories. Columns: t,gamma_t,rho00,rho11,rho01_re,rho01_im.
Another --levels or --coupling: rhoJJ for every level, rhoJK_re, rhoJK_im,
rhoJK_abs for every J < K, thermalJJ for every level ("excited" is the top level).
Here: rho(t) at each of times (>= 0); initial a name or an (N, N) matrix.

Command options:
  initial='excited'         initial state: ground, excited (default), thermal or plus
  dephase=True              use the map D.S: dephasing D after each collision (Eq. 3)
""" + PARAMS

TRAJECTORY = """colres.trajectory(collisions=100, seed=1, every=1, initial='excited', **params)
    -> dict: 'n' (collisions so far), 't', 'rho' complex (rows, N, N)

One Poissonian trajectory (Eq. 5) from the excited state |1><1|, or the
state --initial names (ground |0><0|, thermal, plus |+><+|).
Columns: n,t,gamma_t,rho00,rho11,rho01_re,rho01_im (n = 0 is the initial state).
Another --levels or --coupling: rhoJJ for every level, rhoJK_re, rhoJK_im,
rhoJK_abs for every J < K, thermalJJ for every level ("excited" is the top level).
Command options:
  collisions=N              number of collisions (default 100)
  seed=S                    seed of the random waiting times (default 1)
  dephase=True              apply the full dephasing D after each collision (Eq. 3)
  every=K                   write every K-th collision only (default 1)
  initial='excited'         initial state: ground, excited (default), thermal or plus
""" + PARAMS

VALIDITY = """colres.validity(**params) -> dict

Check where the model stops being physical; CSV quantity,value:
  packet_min_eigenvalue  smallest eigenvalue of the packet state (Eq. 23, p > 0)
  choi_min_eigenvalue    smallest eigenvalue of S's Choi matrix (< 0: not CP)
  steady_min_eigenvalue  smallest eigenvalue of the steady state at --gamma
  wigner_value           4*pi*dx*sqrt(mass/beta) (valid if >= 1)
A negative value beyond its tolerance is reported on stderr.  A value that
cannot be computed (the packet's grid would exceed its cap) is nan, with
the reason on stderr.
Here: a dict with these four keys (packet_min_eigenvalue NaN where the
command leaves it empty); nothing is printed: compare the values with the
tolerances yourself (packet 1e-6, Choi 4e-9, steady state 1e-8).
""" + PARAMS

UNITS = """colres.units(**inputs) -> dict, quantity -> value

Convert an experiment in SI units to colres's dimensionless parameters
(hbar = k_B = 1, energy unit hbar*omega/delta-ref, length unit dx) and
print the Wigner and single-particle conditions and the rough estimate
of |rho01| (Eq. 24) as CSV: quantity,value,note.
The rough estimate is an order of magnitude at best: with s = 0.01, over 40
points spread over the TUI's slider ranges colres's model |rho01| was a median
64 times it (3.8x to 6.2e4x), and it falls off far faster at large dx;
above 1/2 (no state has that coherence) it is flagged on stderr.
Defaults are the paper's closing example, whose "1 GHz" is omega = 1e9 rad/s
(f = 159 MHz); give the qubit as --omega or as --frequency-hz, not both.
Here: the rows of that table as a dict, in its order.

Command options:
  omega=RAD_PER_S           qubit angular frequency (default 1e9)
  frequency_hz=F            qubit frequency in Hz: omega = 2*pi*F (instead of --omega)
  temperature=K             reservoir temperature (default 295)
  mass_amu=A                molecule mass in u (default 1000 proton masses = 1007.276 u)
  dx_nm=X                   packet width in nm (default 50)
  rate=G                    collision rate in 1/s (default 1e9)
  length_nm=L               scattering region width in nm (default = dx)
  rough_s=S                 s of the rough estimate (default 0.01)
  delta_ref=D               dimensionless spacing fixing the energy unit (default 0.6)
"""
