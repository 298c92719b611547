// Tiling-data definition macros. A definition expands to a plain trivially-copyable struct with
// public fields (what the kernel reads after GET_TILING_DATA) and set_/get_ accessors (what host
// tiling code writes), so host and kernel share one layout.
#ifndef SIM_REGISTER_TILINGDATA_BASE_H
#define SIM_REGISTER_TILINGDATA_BASE_H

#include <cstddef>
#include <cstdint>
#include <cstring>

#define BEGIN_TILING_DATA_DEF(className)                                  \
    struct className {                                                    \
        size_t GetDataSize() const { return sizeof(*this); }              \
        /* Writes nothing when the buffer is too small; the framework */ \
        /* then rejects the tiling because GetDataSize() > capacity.  */ \
        void SaveToBuffer(void *buffer, size_t capacity) const            \
        {                                                                 \
            if (buffer != nullptr && capacity >= sizeof(*this)) {         \
                std::memcpy(buffer, this, sizeof(*this));                 \
            }                                                             \
        }

#define TILING_DATA_FIELD_DEF(type, name)              \
    type name = 0;                                     \
    void set_##name(type value) { name = value; }      \
    type get_##name() const { return name; }

#define TILING_DATA_FIELD_DEF_ARR(type, count, name)                          \
    type name[count] = {};                                                    \
    void set_##name(const type *values) { std::memcpy(name, values, sizeof(name)); } \
    const type *get_##name() const { return name; }

#define END_TILING_DATA_DEF }

// The struct is the registration: nothing else needs to know the op-to-class link on the host.
#define REGISTER_TILING_DATA_CLASS(opType, className) \
    static_assert(sizeof(className) > 0, #className " must be defined before registering it for " #opType)

#endif
