#ifndef SIM_OPDEV_OP_DEF_H
#define SIM_OPDEV_OP_DEF_H

// Names an l0 op's type; launches look the op up by the same spelling.
#define OP_TYPE_REGISTER(opType) [[maybe_unused]] static constexpr const char *g_l0OpType##opType = #opType

#endif
