// The SoC a differential fuzz run simulates, drawn from the simulator's own table, so that core
// counts and UB sizes (and with them the work split and the tiles) vary from run to run.
#ifndef NSA_FUZZ_RANDOM_SOC_H
#define NSA_FUZZ_RANDOM_SOC_H

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>

#include "sim/soc_spec.h"

namespace nsa_fuzz {

// Sets ASCEND_SIM_SOC, which the simulator reads at every call, to a SoC of the table, and returns
// it, so that a target can size a call to its core count.
inline const sim::SocSpec &ChooseSoc(FuzzedDataProvider &data)
{
    const sim::SocSpec &soc = sim::ModeledSoc(data.ConsumeIntegralInRange<size_t>(0, sim::ModeledSocCount() - 1));
    setenv("ASCEND_SIM_SOC", soc.name, 1);
    return soc;
}

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_RANDOM_SOC_H
