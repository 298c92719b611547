// The measurements the timing model is calibrated on: the asc-devkit sample add_high_performance
// (README, "Atlas A2 training" performance tables of cases 0-6), an 8192 x 8192 fp16 Add on
// Atlas A2 (48 AIV at 1.85 GHz, i.e. Ascend910B1), msprof's Task Duration and per-pipe times.
// The numbers are copied from the README's per-case tables; the kernels are this project's own
// (add_kernels.h), written from the README's description of each case.
#ifndef CALIBRATION_MEASUREMENTS_H
#define CALIBRATION_MEASUREMENTS_H

namespace calibration {

struct Measurement {
    const char *name;
    unsigned cores;
    unsigned dataCopyLen;        // fp16 elements per copy
    double taskUs;               // Task Duration
    double aivUs;                // aiv_time
    double vecUs;                // aiv_vec_time
    double scalarUs;             // aiv_scalar_time
    double mte2Us;               // aiv_mte2_time
    double mte3Us;               // aiv_mte3_time
};

constexpr Measurement kMeasured[] = {
    {"0 scalar, 1 core", 1, 4096, 1239689.1, 1239688.63, 0.015, 1233742.494, 5916.341, 2485.465},
    {"1 vector, 1 core", 1, 4096, 6909.6, 6909.14, 761.65, 231.166, 6208.762, 2613.205},
    {"2 48 cores, small copies", 48, 4096, 306.58, 297.14, 15.885, 8.219, 215.485, 54.33},
    {"3 48 cores, large copies", 48, 16384, 268.5, 261.5, 12.845, 2.833, 184.369, 57.354},
    {"4 double buffer", 48, 16384, 264.02, 257.56, 12.846, 2.796, 250.528, 84.988},
    {"5 + L2 bypass", 48, 16384, 187.68, 185.15, 12.846, 4.479, 175.997, 160.291},
    {"6 + no bank conflict", 48, 16256, 184.52, 178.49, 6.954, 3.424, 171.611, 121.442},
};
constexpr int kCaseCount = sizeof(kMeasured) / sizeof(kMeasured[0]);

}  // namespace calibration

#endif
