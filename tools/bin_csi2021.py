#!/usr/bin/env python3
"""Bin the COHERENT CsI[Na] 2021 event lists in energy only (the joint-fit stand-in until
issue 12 fits energy x time): data/coherent/csi2021/binned_energy_t6us.txt.

Events of dataBeamOnC.txt (beam-on, coincidence window: CEvNS + backgrounds) and
dataBeamOnAC.txt (beam-on, anti-coincidence window: the steady-state background) with
0 <= t_rec < 6 us (the release's analysis region in time, arXiv:2110.07730 ancillary
material) in 4-PE bins from 4 to 60 PE.  Columns: lo hi C AC error BRN NIN, with
error = sqrt(C + AC) (both counts Poisson), BRN and NIN the released PE shapes
(brnPE.txt, ninPE.txt, 1-PE bins) normalised over 0-60 PE to 18.4 and 5.6 events.
Usage: python3 tools/bin_csi2021.py > data/coherent/csi2021/binned_energy_t6us.txt"""
import math
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "coherent", "csi2021")
EDGES = [4.0 + 4.0 * i for i in range(15)]  # below 4 PE: no event, no efficiency
T_MAX_US = 6.0
BRN_TOTAL, NIN_TOTAL = 18.4, 5.6


def rows(name):
    with open(os.path.join(HERE, name)) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield [float(x) for x in line.split()]


def events(name):
    counts = [0] * (len(EDGES) - 1)
    for pe, t in rows(name):
        if t < T_MAX_US:
            for i in range(len(counts)):
                if EDGES[i] <= pe < EDGES[i + 1]:
                    counts[i] += 1
    return counts


def shape(name, total):
    per_bin = [0.0] * (len(EDGES) - 1)
    for pe, v in rows(name):
        for i in range(len(per_bin)):
            if EDGES[i] <= pe < EDGES[i + 1]:
                per_bin[i] += v
    s = sum(per_bin)
    return [total * v / s for v in per_bin]


def main():
    c, ac = events("dataBeamOnC.txt"), events("dataBeamOnAC.txt")
    brn, nin = shape("brnPE.txt", BRN_TOTAL), shape("ninPE.txt", NIN_TOTAL)
    print("# SOURCE: binned by tools/bin_csi2021.py from dataBeamOnC.txt, dataBeamOnAC.txt, brnPE.txt and ninPE.txt of "
          "this folder (COHERENT CsI[Na] full data set, arXiv:2110.07730 ancillary release, as redistributed by "
          "github philippeller/Newtrinos.jl commit 653141ba6e05dd920fd0a795eb82e3de626076ce)")
    print("# events with 0 <= t_rec < 6 us in 4-PE bins from 4 to 60 PE; C: beam-on coincidence (signal + backgrounds), AC: beam-on "
          "anti-coincidence (steady-state background); error = sqrt(C + AC); BRN, NIN: the released PE shapes "
          "normalised over 0-60 PE to 18.4 and 5.6 events")
    print("# lo[PE] hi[PE] C AC error BRN NIN")
    for i in range(len(c)):
        print("%g %g %d %d %.6g %.6g %.6g" % (EDGES[i], EDGES[i + 1], c[i], ac[i], math.sqrt(c[i] + ac[i]), brn[i],
                                              nin[i]))


if __name__ == "__main__":
    main()
