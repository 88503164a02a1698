import json, math
r = json.load(open('reference.json')); l = json.load(open('pycevns_literal.json'))
def f(x):
    if x is None or (isinstance(x, float) and math.isnan(x)): return 'n/a'
    return f'{x:.7g}'
keys = [k for k in r]
out = []; csv = ['key,quantity,pycevns_literal,pycevns_mapped,physics_codemass,physics_ame,bradkav,nudl_formula']
def star(k): return ' †' if k.startswith('Cs133_T20') else ''
for lab, txt in (('g1e-4_M10', 'g = 1e-4, M = 10 MeV'), ('g1e-4_M100', 'g = 1e-4, M = 100 MeV'), ('g5e-5_M1', 'g = 5e-5, M = 1 MeV')):
    for model, name in (('univ', 'Universal Z′'), ('BL', 'B−L Z′')):
        out.append(f'\n**{name}, {txt}** (R = dσ/dσ_SM, ν_μ, E = 30 MeV, F = 1)\n')
        out.append('| nucleus | T keV | pyCEvNS literal (its g) | pyCEvNS formula, g²→2g², tree, PHYSICS consts | PHYSICS.md (code m_N) | PHYSICS.md (AME m_N) | bradkav/CEvNS |')
        out.append('|---|---|---|---|---|---|---|')
        for k in keys:
            nuc, T = k.split('_T')
            key = f'{model}_{lab}'
            a = l[k][key]; b = r[k]['pycevns_formula'][key + '_map']; c = r[k]['phys_code_mass'][key]; d = r[k]['phys_ame_mass'][key]; e = r[k]['bradkav'][key]
            out.append(f'| {nuc} | {T}{star(k)} | {f(a)} | {f(b)} | {f(c)} | {f(d)} | {f(e)} |')
            csv.append(f'{k},{key},{a},{b},{c},{d},{e},{r[k]["nudl_formula"][key]}')
# L_mu - L_tau
out.append('\n**L_μ−L_τ Z′, ν_μ, g = 5e-4, M = 10 MeV** (PHYSICS.md only; no fetched code has it)\n')
out.append('| nucleus | T keV | ε(q²) | ε(q→0) | R, sign + (derived for ν_μ) | R, sign − (ν_τ) | R(+), ε(q→0) | R(+), AME m_N |')
out.append('|---|---|---|---|---|---|---|---|')
for k in keys:
    nuc, T = k.split('_T'); p = r[k]['phys_code_mass']; a = r[k]['phys_ame_mass']
    out.append(f"| {nuc} | {T}{star(k)} | {f(p['LmLt_eps'])} | {f(p['LmLt_eps_q0limit'])} | {f(p['LmLt_plus'])} | {f(p['LmLt_minus'])} | {f(p['LmLt_plus_q0eps'])} | {f(a['LmLt_plus'])} |")
    for q in ('LmLt_plus', 'LmLt_minus', 'LmLt_plus_q0eps', 'LmLt_eps'):
        csv.append(f'{k},{q},,,{p[q]},{a[q]},,')
# scalar
out.append('\n**Scalar φ, g_ν = g_q = 1e-5, M = 10 MeV** (R = dσ_φ/dσ_SM, scalar term alone)\n')
out.append('| nucleus | T keV | pyCEvNS literal (K_full, RC SM) | PHYSICS.md formula with pyCEvNS Q_φ, K_full | PHYSICS.md, Q_φ=(14A+1.1Z)g, K_full | same, K_leading | same, K_full, AME m_N | bradkav (K_leading, m=931.5A) |')
out.append('|---|---|---|---|---|---|---|---|')
for k in keys:
    nuc, T = k.split('_T'); p = r[k]['phys_code_mass']; a = r[k]['phys_ame_mass']
    out.append(f"| {nuc} | {T}{star(k)} | {f(l[k]['scalar_g1e-5_M10'])} | {f(p['scalar_pycevnsQ_full'])} | {f(p['scalar_cerdeno_full'])} | {f(p['scalar_cerdeno_lead'])} | {f(a['scalar_cerdeno_full'])} | {f(r[k]['bradkav']['scalar']) if not k.startswith('Cs133_T20') else 'n/a'} |")
    csv.append(f"{k},scalar,{l[k]['scalar_g1e-5_M10']},,{p['scalar_cerdeno_full']},{a['scalar_cerdeno_full']},{r[k]['bradkav']['scalar']},")
    csv.append(f"{k},scalar_lead,,,{p['scalar_cerdeno_lead']},{a['scalar_cerdeno_lead']},,")
    csv.append(f"{k},scalar_pycevnsQ_full,,,{p['scalar_pycevnsQ_full']},{a['scalar_pycevnsQ_full']},,")
# radius
out.append('\n**Charge radius ⟨r²_νμ⟩** (PHYSICS.md only; independent of T and m_N)\n')
out.append('| nucleus | r² = −1e-32 cm² | r² = +1e-32 cm² |')
out.append('|---|---|---|')
for nuc in ('Cs133', 'Ar40'):
    p = r[f'{nuc}_T5']['phys_code_mass']
    out.append(f"| {nuc} | {f(p['rad_-1e-32'])} | {f(p['rad_+1e-32'])} |")
    csv.append(f"{nuc},rad_-1e-32,,,{p['rad_-1e-32']},,,"); csv.append(f"{nuc},rad_+1e-32,,,{p['rad_+1e-32']},,,")
# millicharge
out.append('\n**Millicharge q_νμ** (PHYSICS.md only)\n')
out.append('| nucleus | T keV | q = 1e-8 (code m_N) | q = 1e-9 (code m_N) | q = 1e-8 (AME m_N) | q = 1e-9 (AME m_N) |')
out.append('|---|---|---|---|---|---|')
for k in keys:
    nuc, T = k.split('_T'); p = r[k]['phys_code_mass']; a = r[k]['phys_ame_mass']
    out.append(f"| {nuc} | {T}{star(k)} | {f(p['mq_1e-08'])} | {f(p['mq_1e-09'])} | {f(a['mq_1e-08'])} | {f(a['mq_1e-09'])} |")
    for q in ('mq_1e-08', 'mq_1e-09'):
        csv.append(f"{k},{q},,,{p[q]},{a[q]},,")
open('tables.md', 'w').write('\n'.join(out) + '\n')
open('all_ratios.csv', 'w').write('\n'.join(csv) + '\n')
