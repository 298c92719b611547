// bash build.sh --calibrate: runs the seven calibration cases and prints measured against
// modeled times, per case and per pipe, ending with the verdict line. Exit status 1 when a case
// fails to run. With $ASCEND_SIM_TRACE set, each launch's timeline overwrites that file.
#include <cstdio>
#include <string>
#include <vector>

#include "calibration.h"

int main()
{
    std::vector<calibration::Modeled> modeled(calibration::kCaseCount);
    for (int c = 0; c < calibration::kCaseCount; ++c) {
        std::string error;
        if (!calibration::RunCalibrationCase(c, &modeled[c], &error)) {
            std::fprintf(stderr, "calibrate: %s\n", error.c_str());
            return 1;
        }
    }
    std::fputs(calibration::Table(modeled).c_str(), stdout);
    return 0;
}
