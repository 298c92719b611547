#include "calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "add_kernels.h"
#include "sim/device_memory.h"
#include "sim/kernel_launch.h"
#include "sim/soc_spec.h"

namespace calibration {
namespace {

int g_case = 0;

void Entry(const sim::GmAddr *args)
{
    RunCase(g_case, args[0], args[1], args[2]);
}

double Error(double modeled, double measured)
{
    return std::fabs(modeled - measured) / measured;
}

}  // namespace

void RunCase(int c, GM_ADDR x, GM_ADDR y, GM_ADDR z)
{
    const uint32_t len = kMeasured[c].dataCopyLen;
    switch (c) {
        case 0: AddScalar(x, y, z, len); return;
        case 1: case 2: case 3: AddSerial(x, y, z, len); return;
        case 4: AddDoubleBuffered(x, y, z, len, false, kStacked); return;
        case 5: AddDoubleBuffered(x, y, z, len, true, kStacked); return;
        default: AddDoubleBuffered(x, y, z, len, true, kStaggered); return;
    }
}

bool RunCalibrationCase(int c, Modeled *modeled, std::string *error)
{
    const uint64_t count = kRows * kCols;
    auto *x = static_cast<half *>(sim::DeviceAlloc(count * sizeof(half)));
    auto *y = static_cast<half *>(sim::DeviceAlloc(count * sizeof(half)));
    auto *z = static_cast<half *>(sim::DeviceAlloc(count * sizeof(half)));
    // Small integers: every sum is exact in fp16, so the check below is exact too.
    for (uint64_t i = 0; i < count; ++i) {
        x[i] = half(static_cast<float>(i % 7));
        y[i] = half(static_cast<float>(i % 5));
    }
    g_case = c;
    sim::LaunchReport report;
    bool ok = sim::LaunchKernel("AddCalibration", Entry, kMeasured[c].cores, 0,
                                {reinterpret_cast<sim::GmAddr>(x), reinterpret_cast<sim::GmAddr>(y),
                                 reinterpret_cast<sim::GmAddr>(z)},
                                *sim::FindSoc("Ascend910B1"), &report, error);
    for (uint64_t i = 0; ok && i < count; ++i) {
        if (static_cast<float>(z[i]) != static_cast<float>(i % 7 + i % 5)) {
            *error = "case " + std::to_string(c) + ": z[" + std::to_string(i) + "] is not x + y";
            ok = false;
        }
    }
    sim::DeviceFree(x);
    sim::DeviceFree(y);
    sim::DeviceFree(z);
    const auto &pipes = report.total.pipeBusySeconds;
    *modeled = {report.taskSeconds * 1e6, report.modeledSeconds * 1e6, pipes[static_cast<int>(sim::Pipe::V)] * 1e6,
                pipes[static_cast<int>(sim::Pipe::S)] * 1e6, pipes[static_cast<int>(sim::Pipe::MTE2)] * 1e6,
                pipes[static_cast<int>(sim::Pipe::MTE3)] * 1e6};
    return ok;
}

Summary Summarize(const std::vector<Modeled> &modeled)
{
    Summary summary{0, {}};
    const int count = static_cast<int>(modeled.size());
    for (int a = 0; a < count; ++a) {
        for (int b = 0; b < count; ++b) {
            if (kMeasured[a].taskUs <= kMeasured[b].taskUs) {
                continue;
            }
            if (modeled[a].taskUs <= modeled[b].taskUs) {
                summary.reversals.emplace_back(a, b);
            }
        }
    }
    for (size_t c = 0; c < modeled.size(); ++c) {
        summary.maxTaskError = std::max(summary.maxTaskError, Error(modeled[c].taskUs, kMeasured[c].taskUs));
    }
    return summary;
}

std::string Table(const std::vector<Modeled> &modeled)
{
    std::string out;
    char line[512];
    std::snprintf(line, sizeof(line), "%-26s %22s %22s %22s %22s %22s\n", "case (times in us)",
                  "task meas/model/err", "vec meas/model/err", "scalar meas/model/err", "mte2 meas/model/err",
                  "mte3 meas/model/err");
    out += line;
    const auto cell = [](double measured, double model) {
        char text[64];
        std::snprintf(text, sizeof(text), "%.4g/%.4g/%+.0f%%", measured, model, 100.0 * (model - measured) / measured);
        return std::string(text);
    };
    for (size_t c = 0; c < modeled.size(); ++c) {
        const Measurement &m = kMeasured[c];
        const Modeled &r = modeled[c];
        std::snprintf(line, sizeof(line), "%-26s %22s %22s %22s %22s %22s\n", m.name, cell(m.taskUs, r.taskUs).c_str(),
                      cell(m.vecUs, r.vecUs).c_str(), cell(m.scalarUs, r.scalarUs).c_str(),
                      cell(m.mte2Us, r.mte2Us).c_str(), cell(m.mte3Us, r.mte3Us).c_str());
        out += line;
    }
    const Summary summary = Summarize(modeled);
    std::string ranking = summary.reversals.empty() ? "ranking matches" : "ranking differs";
    for (const auto &[a, b] : summary.reversals) {
        ranking += ", " + std::to_string(a) + " (measured slower than " + std::to_string(b) + ") modeled no slower";
    }
    std::snprintf(line, sizeof(line), "calibration: %zu cases, max error %.1f%%, %s\n", modeled.size(),
                  100.0 * summary.maxTaskError, ranking.c_str());
    out += line;
    return out;
}

}  // namespace calibration
