// A googletest fixture for suites that call the aclnn API: ACL initialised, device 0 set and a
// stream created once per suite, and all of it released after the suite.
#ifndef NSA_UT_ACL_FIXTURE_H
#define NSA_UT_ACL_FIXTURE_H

#include <gtest/gtest.h>

#include "acl/acl.h"

class AclFixture : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        ASSERT_EQ(aclInit(nullptr), ACL_SUCCESS);
        ASSERT_EQ(aclrtSetDevice(0), ACL_SUCCESS);
        ASSERT_EQ(aclrtCreateStream(&stream_), ACL_SUCCESS);
    }
    static void TearDownTestSuite()
    {
        aclrtDestroyStream(stream_);
        aclrtResetDevice(0);
        aclFinalize();
    }

    inline static aclrtStream stream_ = nullptr;
};

#endif
