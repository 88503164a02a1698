"""Run pyCEvNS's own classes (athompson-tamu/pyCEvNS @268e5bd) with a mono-energetic
mock flux (duck-typed: integrate(a,b,flavor,weight_function) = w(E0) if a<=E0<=b).
Form factor set to 1 in every term so that it cancels. Prints ratios to SM."""
import sys, json, math
import os; sys.path.insert(0, os.environ.get('PYCEVNS_DIR', 'pyCEvNS'))
import numpy as np
from pyCEvNS.events import (NeutrinoNucleusElasticVector, NeutrinoNucleusElasticScalar,
                            rates_nucleus)
from pyCEvNS.parameters import NSIparameters
from pyCEvNS.detectors import Detector
from pyCEvNS import constants as C

E0 = 30.0  # MeV

class MonoFlux:
    ev_max = 100.0
    def integrate(self, a, b, flavor, weight_function=None):
        if a <= E0 <= b:
            return 1.0 if weight_function is None else float(weight_function(E0))
        return 0.0

class MonoFx:  # for the function-style rates_nucleus (fint, fintinv, fintinvs)
    def _w(self, er, m, p):
        emin = 0.5*(np.sqrt(er**2 + 2*er*m) + er)
        return np.where(emin <= E0, E0**p, 0.0)
    def fint(self, er, m, **kw): return self._w(er, m, 0)
    def fintinv(self, er, m, **kw): return self._w(er, m, -1)
    def fintinvs(self, er, m, **kw): return self._w(er, m, -2)

one = lambda q: 1.0
flux = MonoFlux()
dets = {'Cs133': Detector('cs133'), 'Ar40': Detector('ar40')}
out = {}

def vec(det, T, mz, gu, gd, flavor='mu'):
    p = NSIparameters(mz=mz)
    for k in ('ee', 'mm', 'tt'):
        p.gu[k] = gu; p.gd[k] = gd
    return NeutrinoNucleusElasticVector(p, form_factor_square=one).rates(T, flavor, flux, det)

def vec_fn(det, T, mz, gu, gd, flavor='mu'):
    p = NSIparameters(mz=mz)
    for k in ('ee', 'mm', 'tt'):
        p.gu[k] = gu; p.gd[k] = gd
    return rates_nucleus(T, det, MonoFx(), nsip=p, flavor=flavor, ffs=lambda q, **kw: 1.0)

for name, det in dets.items():
    for T_keV in (1, 5, 10, 20):
        T = T_keV*1e-3
        sm = vec(det, T, 0, 0, 0)
        smf = vec_fn(det, T, 0, 0, 0)
        row = {'SM_class': sm, 'SM_function': float(smf)}
        for (lab, g, M) in (('g1e-4_M10', 1e-4, 10.), ('g1e-4_M100', 1e-4, 100.), ('g5e-5_M1', 5e-5, 1.)):
            # universal: g_nu*g_q = g^2 for u and d ; B-L: g_nu*g_q = (-1)(1/3) g^2
            for model, prod in (('univ', g*g), ('BL', -g*g/3)):
                r = vec(det, T, M, prod, prod)
                rf = vec_fn(det, T, M, prod, prod)
                row[f'{model}_{lab}'] = r/sm if sm else float('nan')
                row[f'{model}_{lab}_fn'] = float(rf/smf) if smf else float('nan')
        # scalar: cu = cd = g_nu*g_q = g^2, g = 1e-5, M = 10 MeV; FF = 1 in both terms
        s = NeutrinoNucleusElasticScalar(1e-10, 1e-10, 10.0, form_factor_square=one)
        s.sm_interaction.form_factor_square = one
        tot = s.rates(T, 'mu', flux, det)
        row['scalar_g1e-5_M10'] = tot/sm - 1 if sm else float('nan')
        row['scalar_Qphi_over_g2'] = float((det.z*s.cp + det.n*s.cn)[0]/1e-10)
        out[f'{name}_T{T_keV}'] = row
json.dump(out, open('pycevns_literal.json', 'w'), indent=1)
for k, v in out.items():
    print(k, {a: (f'{b:.9g}' if isinstance(b, float) else b) for a, b in v.items()})
