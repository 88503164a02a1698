"""Independent reference numbers from /work/shared/PHYSICS.md sections 4 and 8 (plain Python,
math module only), plus re-implementations (clearly labelled) of the formulas of
pyCEvNS (athompson-tamu/pyCEvNS @268e5bd), bradkav/CEvNS (@6adce96, run directly) and
nuDL (jaydenn/nuDL @52d98ca), for the convention comparison."""
import os
import math, json, sys

# ---- PHYSICS.md section 1 constants ----
GF = 1.1663788e-11          # MeV^-2
ALPHA = 1/137.035999084
HBARC_CM = 197.3269804e-13  # MeV cm
ME = 0.51099895000
U = 931.49410242
S2W = 0.23857
MMU = 105.6583755
MTAU = 1776.86              # PDG 2022 (not in PHYSICS.md table)
E_NU = 30.0

NUC = {  # Z, N, code mass (pyCEvNS det_init.json), AME2020 atomic mass (u)
    'Cs133': (55, 78, 123800.0, 132.905451958),
    'Ar40':  (18, 22, 37211.0, 39.96238312204),
}
def m_ame(n):
    Z, N, mc, ma = NUC[n]; return ma*U - Z*ME

def K(mN, T, E=E_NU, full=True):
    return (1 - T/E - mN*T/(2*E*E) + T*T/(2*E*E)) if full else (1 - mN*T/(2*E*E))

def Qsm(Z, N, s2=S2W):
    return Z*(0.5 - 2*s2) + N*(-0.5)

def zp_term(Z, N, q2, M, gnu_gu, gnu_gd, gf=GF, norm=math.sqrt(2)):
    # PHYSICS.md s8: Q' = g_nu [Z(2g_u+g_d) + N(g_u+2g_d)] / (sqrt2 GF (q2+M2)); F_p=F_n=1
    return (Z*(2*gnu_gu + gnu_gd) + N*(gnu_gu + 2*gnu_gd))/(norm*gf*(q2 + M*M))

def eps_lmlt(q2, g, n=4000):
    # PHYSICS.md s8: eps(q2) = (e g/(2 pi^2)) int_0^1 x(1-x) ln[(mtau^2+x(1-x)q2)/(mmu^2+x(1-x)q2)] dx
    e = math.sqrt(4*math.pi*ALPHA)
    h = 1.0/n; s = 0.0
    for i in range(n+1):       # composite Simpson
        x = i*h; w = 1 if i in (0, n) else (4 if i % 2 else 2)
        y = x*(1-x)
        s += w*y*math.log((MTAU**2 + y*q2)/(MMU**2 + y*q2))
    return e*g/(2*math.pi**2)*s*h/3

def phys(nuc, T, mass='code'):
    Z, N, mc, _ = NUC[nuc]
    mN = mc if mass == 'code' else m_ame(nuc)
    q2 = 2*mN*T
    Q0 = Qsm(Z, N)
    r = {'Q_SM': Q0, 'QW': N - (1 - 4*S2W)*Z, 'q2_MeV2': q2,
         'Tmax_keV': 1e3*2*E_NU**2/(mN + 2*E_NU), 'K_full': K(mN, T), 'K_lead': K(mN, T, full=False)}
    for lab, g, M in (('g1e-4_M10', 1e-4, 10.), ('g1e-4_M100', 1e-4, 100.), ('g5e-5_M1', 5e-5, 1.)):
        r[f'univ_{lab}'] = ((Q0 + zp_term(Z, N, q2, M, g*g, g*g))/Q0)**2
        r[f'BL_{lab}'] = ((Q0 + zp_term(Z, N, q2, M, -g*g/3, -g*g/3))/Q0)**2
    # L_mu - L_tau, nu_mu, g = 5e-4, M = 10 MeV
    g, M = 5e-4, 10.0
    e = math.sqrt(4*math.pi*ALPHA)
    ep = eps_lmlt(q2, g); ep0 = e*g/(12*math.pi**2)*math.log(MTAU**2/MMU**2)
    dq = g*ep*e*Z/(math.sqrt(2)*GF*(q2 + M*M))
    dq0 = g*ep0*e*Z/(math.sqrt(2)*GF*(q2 + M*M))
    r['LmLt_eps'] = ep; r['LmLt_eps_q0limit'] = ep0
    r['LmLt_plus'] = ((Q0 + dq)/Q0)**2; r['LmLt_minus'] = ((Q0 - dq)/Q0)**2
    r['LmLt_plus_q0eps'] = ((Q0 + dq0)/Q0)**2; r['LmLt_minus_q0eps'] = ((Q0 - dq0)/Q0)**2
    # scalar, g_nu = g_q = g = 1e-5, M = 10 MeV, Q_phi = (14A + 1.1Z) g (Cerdeno et al.)
    g, M = 1e-5, 10.0
    A = Z + N
    for lab, Qphi in (('cerdeno', (14*A + 1.1*Z)*g), ('pycevnsQ', None)):
        if Qphi is None:   # pyCEvNS nucleon scalar charges (events.py 767-774), same g convention
            cp = 938.27*(0.0208/2.2 + 0.0411/4.7); cn = 939.56*(0.0189/2.2 + 0.0451/4.7)
            Qphi = (Z*cp + N*cn)*g
        ds = (g*Qphi)**2 * mN**2 * T/(4*math.pi*E_NU**2*(q2 + M*M)**2)
        for kk in ('full', 'lead'):
            dsm = GF**2*mN/math.pi*Q0**2*K(mN, T, full=(kk == 'full'))
            r[f'scalar_{lab}_{kk}'] = ds/dsm if dsm > 0 else float('nan')
    # charge radius
    for r2 in (-1e-32, 1e-32):
        d = math.sqrt(2)*math.pi*ALPHA/(3*GF)*r2/HBARC_CM**2
        r[f'rad_{r2:+.0e}'] = ((Q0 - Z*d)/Q0)**2
    # millicharge
    for qn in (1e-8, 1e-9):
        d = 2*math.sqrt(2)*math.pi*ALPHA/(GF*q2)*qn
        r[f'mq_{qn:.0e}'] = ((Q0 - Z*d)/Q0)**2
    return r

# ---- pyCEvNS formula re-implemented (events.py 488-525 / parameters.py 49-66) ----
def pyc_Q(Z, N, q2, M, gu, gd, rc=True, ssw=0.2312, gf=1.16638e-11):
    if rc: rho, knu, lul, ldl, ldr = 1.0086, 0.9978, -0.0031, -0.0025, 7.5e-5
    else:  rho, knu, lul, ldl, ldr = 1.0, 1.0, 0.0, 0.0, 0.0
    lur = ldr/2
    eu = gu/(2*math.sqrt(2)*gf*M*M)*M*M/(M*M + q2) if M else 0.0
    ed = gd/(2*math.sqrt(2)*gf*M*M)*M*M/(M*M + q2) if M else 0.0
    return (0.5*Z*(rho*(0.5 - 2*knu*ssw) + 2*lul + 2*lur + ldl + ldr + 2*eu + ed)
            + 0.5*N*(-0.5*rho + lul + lur + 2*ldl + 2*ldr + eu + 2*ed))   # = Q/2 in PHYSICS.md units

def pyc(nuc, T):
    Z, N, mc, _ = NUC[nuc]; q2 = 2*mc*T; r = {}
    for lab, g, M in (('g1e-4_M10', 1e-4, 10.), ('g1e-4_M100', 1e-4, 100.), ('g5e-5_M1', 5e-5, 1.)):
        for model, f in (('univ', 1.0), ('BL', -1/3)):
            p = f*g*g
            r[f'{model}_{lab}_lit'] = (pyc_Q(Z, N, q2, M, p, p)/pyc_Q(Z, N, q2, M, 0, 0))**2
            # tree level, PHYSICS.md s2W and G_F, and (g_nu g_q)_code = 2 (g_nu g_q)_PHYSICS
            t = lambda pp: pyc_Q(Z, N, q2, M, pp, pp, rc=False, ssw=S2W, gf=GF)
            r[f'{model}_{lab}_map'] = (t(2*p)/t(0))**2
    r['Q_code_RC'] = 2*pyc_Q(Z, N, 0, 0, 0, 0)
    r['Q_code_tree'] = 2*pyc_Q(Z, N, 0, 0, 0, 0, rc=False)
    return r

# ---- nuDL formula re-implemented (BSMrate.cpp 120-128, nuRate.cpp 37-42, physicalConstants.h) ----
def nudl(nuc, T, g, M, C_nucleon):
    Z, N, _, _ = NUC[nuc]
    GFg, GVP, GVN, AMU = 1.1664e-5, 0.0153037, -0.512213, 0.9395654/1.008665
    Mt = AMU*(Z + N); TG = T*1e-3; MG = M*1e-3; D = 2*TG*Mt + MG*MG
    Qv = GVN*N + GVP*Z; Qvp = (Z + N)*C_nucleon
    sm = GFg**2*Qv**2
    return (sm - GFg*Qv*Qvp/(math.sqrt(2)*D) + Qvp**2/(2*D*D))/sm

# ---- bradkav/CEvNS run directly ----
sys.path.insert(0, os.environ.get('BRADKAV_DIR', 'bradkav'))
import CEvNS as BK
def brad(nuc, T_keV):
    Z, N, _, _ = NUC[nuc]; A = Z + N; r = {}
    x0 = BK.xsec_CEvNS(T_keV, E_NU, A, Z, gsq=0.0)
    for lab, g, M in (('g1e-4_M10', 1e-4, 10.), ('g1e-4_M100', 1e-4, 100.), ('g5e-5_M1', 5e-5, 1.)):
        r[f'univ_{lab}'] = BK.xsec_CEvNS(T_keV, E_NU, A, Z, gsq=g*g, m_med=M)/x0
        r[f'BL_{lab}'] = BK.xsec_CEvNS(T_keV, E_NU, A, Z, gsq=-g*g/3, m_med=M)/x0
    r['scalar'] = BK.xsec_scalar(T_keV, E_NU, A, Z, gsq=1e-10, m_S=10.0)/x0
    r['QW'] = (A - Z) - (1 - 4*BK.SIN2THETAW)*Z
    return r

res = {}
for nuc in NUC:
    for T_keV in (1, 5, 10, 20):
        T = T_keV*1e-3
        d = {'phys_code_mass': phys(nuc, T), 'phys_ame_mass': phys(nuc, T, 'ame'),
             'pycevns_formula': pyc(nuc, T), 'bradkav': brad(nuc, T_keV),
             'nudl_formula': {f'{m}_{lab}': nudl(nuc, T, g, M, c)
                              for lab, g, M in (('g1e-4_M10', 1e-4, 10.), ('g1e-4_M100', 1e-4, 100.), ('g5e-5_M1', 5e-5, 1.))
                              for m, c in (('univ', 3*g*g), ('BL', -g*g))}}
        res[f'{nuc}_T{T_keV}'] = d
json.dump(res, open('reference.json', 'w'), indent=1)
print('masses AME:', {n: m_ame(n) for n in NUC})
