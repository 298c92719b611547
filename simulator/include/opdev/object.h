// The base of CANN's aclnn objects (opbase's opdev/object.h). Deriving from it makes namespace
// op an associated namespace of aclTensor, aclIntArray and aclOpExecutor, so unqualified calls
// such as the one L2_DFX_PHASE_1 makes to CheckPhase1Params resolve exactly as they do on CANN.
#ifndef SIM_OPDEV_OBJECT_H
#define SIM_OPDEV_OBJECT_H

namespace op {

class Object {
public:
    Object() = default;
    virtual ~Object() = default;
};

}  // namespace op

#endif
