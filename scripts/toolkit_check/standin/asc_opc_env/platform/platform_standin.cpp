// Stand-in for CANN's `platform` library (fe::PlatformInfoManager, fe::PlatFormInfos,
// fe::OptionalInfos), written for the toolkit check. The classes are declared by CANN's public
// headers (runtime/pkg_inc/platform/platform_info.h, platform_infos_def.h), compiled here
// unchanged; only the member functions asc_op_compile_base's libasc_platform.so calls are
// defined. Platform data comes from the ini files in $ASC_STANDIN_PLATFORM_CONFIG (default:
// ../platform_config beside this library), one <SoC_version>.ini per SoC, sections and keys as
// in the toolkit's data/platform_config/<SoC>.ini.
//
// Semantics (what a caller can observe) follow the toolkit's library: a PlatFormInfos is a
// handle whose copies share one table (label -> key -> value); GetPlatformRes fails for an
// unknown label or key; SetCoreNumByCoreType reads SoCInfo.vector_core_cnt for the vector core
// types (VectorCore, AIV, MIX_AIV, MIX_VECTOR_CORE) and SoCInfo.ai_core_cnt otherwise;
// GetPlatformInfos returns the SoC's table and the manager's optional infos.
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "platform/platform_info.h"

namespace fe {

using ResTable = std::map<std::string, std::map<std::string, std::string>>;

class PlatFormInfosImpl {
public:
    ResTable res;
    std::map<std::string, std::vector<std::string>> aic_dtypes;
    std::map<std::string, std::vector<std::string>> aiv_dtypes;
    std::map<std::string, std::vector<std::string>> fixpipe_dtypes;
};

class OptionalInfosImpl {
public:
    std::string soc_version;
    std::string core_type;
    uint32_t ai_core_num{0};
    std::string l1_fusion_flag;
    std::map<std::string, std::vector<std::string>> fixpipe_dtypes;
};

namespace {
std::string Trim(const std::string& s)
{
    const char* ws = " \t\r\n";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string::npos) {
        return "";
    }
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::string ConfigDir()
{
    const char* env = std::getenv("ASC_STANDIN_PLATFORM_CONFIG");
    if (env != nullptr && *env != '\0') {
        return env;
    }
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&ConfigDir), &info) != 0 && info.dli_fname != nullptr) {
        std::string lib(info.dli_fname);
        const auto slash = lib.rfind('/');
        return (slash == std::string::npos ? std::string(".") : lib.substr(0, slash)) + "/../platform_config";
    }
    return "platform_config";
}

bool LoadIni(const std::string& path, ResTable& out)
{
    std::ifstream in(path);
    if (!in) {
        return false;
    }
    std::string line;
    std::string label;
    while (std::getline(in, line)) {
        line = Trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';') {
            continue;
        }
        if (line.front() == '[' && line.back() == ']') {
            label = Trim(line.substr(1, line.size() - 2));
            out[label];
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos || label.empty()) {
            continue;
        }
        out[label][Trim(line.substr(0, eq))] = Trim(line.substr(eq + 1));
    }
    return true;
}
} // namespace

// ---- PlatFormInfos ----
bool PlatFormInfos::Init()
{
    platform_infos_impl_ = std::make_shared<PlatFormInfosImpl>();
    return true;
}
bool PlatFormInfos::InitByInstance() { return Init(); }

std::map<std::string, std::vector<std::string>> PlatFormInfos::GetAICoreIntrinsicDtype()
{
    return platform_infos_impl_ ? platform_infos_impl_->aic_dtypes : decltype(PlatFormInfosImpl::aic_dtypes){};
}
std::map<std::string, std::vector<std::string>> PlatFormInfos::GetVectorCoreIntrinsicDtype()
{
    return platform_infos_impl_ ? platform_infos_impl_->aiv_dtypes : decltype(PlatFormInfosImpl::aiv_dtypes){};
}
bool PlatFormInfos::GetPlatformResWithOutLock(const std::string& label, const std::string& key, std::string& val)
{
    if (!platform_infos_impl_) {
        return false;
    }
    const auto l = platform_infos_impl_->res.find(label);
    if (l == platform_infos_impl_->res.end()) {
        return false;
    }
    const auto k = l->second.find(key);
    if (k == l->second.end()) {
        return false;
    }
    val = k->second;
    return true;
}
bool PlatFormInfos::GetPlatformRes(const std::string& label, const std::string& key, std::string& val)
{
    return GetPlatformResWithOutLock(label, key, val);
}
bool PlatFormInfos::GetPlatformResWithLock(const std::string& label, const std::string& key, std::string& val)
{
    return GetPlatformResWithOutLock(label, key, val);
}
bool PlatFormInfos::GetPlatformRes(const std::string& label, std::map<std::string, std::string>& res)
{
    if (!platform_infos_impl_) {
        return false;
    }
    const auto l = platform_infos_impl_->res.find(label);
    if (l == platform_infos_impl_->res.end()) {
        return false;
    }
    res = l->second;
    return true;
}
bool PlatFormInfos::GetPlatformResWithLock(const std::string& label, std::map<std::string, std::string>& res)
{
    return GetPlatformRes(label, res);
}
bool PlatFormInfos::GetPlatformResWithLock(std::map<std::string, std::map<std::string, std::string>>& res)
{
    if (!platform_infos_impl_) {
        return false;
    }
    res = platform_infos_impl_->res;
    return true;
}
uint32_t PlatFormInfos::GetCoreNum() const { return core_num_; }
uint32_t PlatFormInfos::GetCoreNumWithLock() const { return core_num_; }
void PlatFormInfos::SetAICoreIntrinsicDtype(std::map<std::string, std::vector<std::string>>& d)
{
    if (platform_infos_impl_) {
        platform_infos_impl_->aic_dtypes = d;
    }
}
void PlatFormInfos::SetVectorCoreIntrinsicDtype(std::map<std::string, std::vector<std::string>>& d)
{
    if (platform_infos_impl_) {
        platform_infos_impl_->aiv_dtypes = d;
    }
}
void PlatFormInfos::SetPlatformRes(const std::string& label, std::map<std::string, std::string>& res)
{
    if (platform_infos_impl_) {
        platform_infos_impl_->res[label] = res;
    }
}
void PlatFormInfos::SetPlatformResWithLock(const std::string& label, std::map<std::string, std::string>& res)
{
    SetPlatformRes(label, res);
}
std::map<std::string, std::vector<std::string>> PlatFormInfos::GetFixPipeDtypeMap()
{
    return platform_infos_impl_ ? platform_infos_impl_->fixpipe_dtypes
                                : decltype(PlatFormInfosImpl::fixpipe_dtypes){};
}
void PlatFormInfos::SetFixPipeDtypeMap(const std::map<std::string, std::vector<std::string>>& m)
{
    if (platform_infos_impl_) {
        platform_infos_impl_->fixpipe_dtypes = m;
    }
}
void PlatFormInfos::SetCoreNumByCoreType(const std::string& core_type)
{
    static const std::unordered_set<std::string> vector_types = {"VectorCore", "AIV", "MIX_AIV", "MIX_VECTOR_CORE"};
    std::string num;
    (void)GetPlatformResWithOutLock("SoCInfo", vector_types.count(core_type) > 0 ? "vector_core_cnt" : "ai_core_cnt", num);
    core_num_ = num.empty() ? 0 : static_cast<uint32_t>(std::stoul(num));
}
void PlatFormInfos::SetCoreNum(const uint32_t& core_num) { core_num_ = core_num; }
uint32_t PlatFormInfos::GetCoreNumByType(const std::string& core_type)
{
    std::string num;
    (void)GetPlatformResWithOutLock(
        "SoCInfo", (core_type == "VectorCore" || core_type == "AIV") ? "vector_core_cnt" : "ai_core_cnt", num);
    return num.empty() ? 0 : static_cast<uint32_t>(std::stoul(num));
}

// ---- OptionalInfos ----
bool OptionalInfos::Init()
{
    optional_infos_impl_ = std::make_shared<OptionalInfosImpl>();
    return true;
}
#define NSA_OPT_IMPL() \
    if (!optional_infos_impl_) { (void)Init(); }
std::string OptionalInfos::GetSocVersion() { NSA_OPT_IMPL() return optional_infos_impl_->soc_version; }
std::string OptionalInfos::GetCoreType() { NSA_OPT_IMPL() return optional_infos_impl_->core_type; }
uint32_t OptionalInfos::GetAICoreNum() { NSA_OPT_IMPL() return optional_infos_impl_->ai_core_num; }
std::string OptionalInfos::GetL1FusionFlag() { NSA_OPT_IMPL() return optional_infos_impl_->l1_fusion_flag; }
std::map<std::string, std::vector<std::string>> OptionalInfos::GetFixPipeDtypeMap()
{
    NSA_OPT_IMPL() return optional_infos_impl_->fixpipe_dtypes;
}
void OptionalInfos::SetFixPipeDtypeMap(const std::map<std::string, std::vector<std::string>>& m)
{
    NSA_OPT_IMPL() optional_infos_impl_->fixpipe_dtypes = m;
}
void OptionalInfos::SetSocVersion(std::string v) { NSA_OPT_IMPL() optional_infos_impl_->soc_version = v; }
void OptionalInfos::SetSocVersionWithLock(std::string v) { SetSocVersion(v); }
void OptionalInfos::SetCoreType(std::string v) { NSA_OPT_IMPL() optional_infos_impl_->core_type = v; }
void OptionalInfos::SetAICoreNum(uint32_t v) { NSA_OPT_IMPL() optional_infos_impl_->ai_core_num = v; }
void OptionalInfos::SetL1FusionFlag(std::string v) { NSA_OPT_IMPL() optional_infos_impl_->l1_fusion_flag = v; }

// ---- PlatformInfoManager ----
PlatformInfoManager::PlatformInfoManager() : init_flag_(false), runtime_init_flag_(false) {}
PlatformInfoManager::~PlatformInfoManager() = default;

PlatformInfoManager& PlatformInfoManager::Instance()
{
    static PlatformInfoManager instance;
    return instance;
}
PlatformInfoManager& PlatformInfoManager::GeInstance() { return Instance(); }

uint32_t PlatformInfoManager::InitializePlatformInfo()
{
    if (init_flag_) {
        return 0;
    }
    cfg_file_real_path_ = ConfigDir();
    (void)opti_compilation_infos_.Init();
    init_flag_ = true;
    return 0;
}

uint32_t PlatformInfoManager::Finalize()
{
    platform_infos_map_.clear();
    init_flag_ = false;
    return 0;
}

uint32_t PlatformInfoManager::EnsureSocVersionLoaded(const std::string& soc_version)
{
    if (platform_infos_map_.count(soc_version) > 0) {
        return 0;
    }
    if (cfg_file_real_path_.empty()) {
        cfg_file_real_path_ = ConfigDir();
    }
    ResTable table;
    const std::string file = cfg_file_real_path_ + "/" + soc_version + ".ini";
    if (!LoadIni(file, table)) {
        std::fprintf(stderr, "[ERROR] platform stand-in: cannot read %s\n", file.c_str());
        return 1;
    }
    PlatFormInfos infos;
    (void)infos.Init();
    for (auto& l : table) {
        infos.SetPlatformRes(l.first, l.second);
    }
    platform_infos_map_[soc_version] = infos;
    return 0;
}

uint32_t PlatformInfoManager::GetPlatformInfos(
    const std::string SoCVersion, PlatFormInfos& platform_info, OptionalInfos& opti_compilation_info)
{
    const std::string soc = SoCVersion == "Ascend910" ? "Ascend910A" : SoCVersion;
    if (EnsureSocVersionLoaded(soc) != 0) {
        return 1;
    }
    platform_info = platform_infos_map_[soc];
    opti_compilation_info = opti_compilation_infos_;
    opti_compilation_info.SetFixPipeDtypeMap(platform_info.GetFixPipeDtypeMap());
    return 0;
}

uint32_t PlatformInfoManager::GetPlatformInfoWithOutSocVersion(PlatFormInfos& platform_info, OptionalInfos& opti)
{
    const std::string soc = opti_compilation_infos_.GetSocVersion();
    if (soc.empty()) {
        return 1;
    }
    return GetPlatformInfos(soc, platform_info, opti);
}

void PlatformInfoManager::SetOptionalCompilationInfo(OptionalInfos& opti)
{
    opti_compilation_infos_ = opti;
}

uint32_t PlatformInfoManager::GetPlatformInstanceByDevice(const uint32_t& device_id, PlatFormInfos& platform_infos)
{
    auto it = device_platform_infos_map_.find(device_id);
    if (it == device_platform_infos_map_.end()) {
        const std::string soc = opti_compilation_infos_.GetSocVersion();
        if (soc.empty() || EnsureSocVersionLoaded(soc) != 0) {
            return 1;
        }
        device_platform_infos_map_[device_id] = platform_infos_map_[soc];
        it = device_platform_infos_map_.find(device_id);
    }
    platform_infos = it->second;
    return 0;
}

} // namespace fe

// libboundscheck's strcpy_s, which asc_platform_api.cpp calls (securec is public but not
// vendored as source here): copy with a size check, as the bounds-checking contract requires.
extern "C" int strcpy_s(char* dest, size_t destMax, const char* src)
{
    if (dest == nullptr || src == nullptr || destMax == 0) {
        return 22; // EINVAL
    }
    const size_t n = std::strlen(src);
    if (n + 1 > destMax) {
        dest[0] = '\0';
        return 34; // ERANGE
    }
    std::memcpy(dest, src, n + 1);
    return 0;
}
