// Runs the calibration kernels on the simulator and compares the timing model with the
// measurements: the runner behind `bash build.sh --calibrate` and the unit test's data.
#ifndef CALIBRATION_CALIBRATION_H
#define CALIBRATION_CALIBRATION_H

#include <string>
#include <utility>
#include <vector>

#include "measurements.h"

namespace calibration {

struct Modeled {
    double taskUs;
    double aivUs;
    double vecUs;
    double scalarUs;
    double mte2Us;
    double mte3Us;
};

// Runs case `c` on the simulated Ascend910B1; false, with `error`, when the launch fails or the
// result is not x + y.
bool RunCalibrationCase(int c, Modeled *modeled, std::string *error);

struct Summary {
    double maxTaskError;   // max over cases of |modeled - measured| / measured, Task Duration
    // Pairs (a, b), a measured slower than b, that the model does not put in that order: it
    // models a no slower than b (equal times are not an order).
    std::vector<std::pair<int, int>> reversals;
};
Summary Summarize(const std::vector<Modeled> &modeled);
// The table `bash build.sh --calibrate` prints, ending with the one-line verdict.
std::string Table(const std::vector<Modeled> &modeled);

}  // namespace calibration

#endif
