// aclTensor and aclIntArray: creation, the C getters, contiguity, and every rejected creation
// with the message that names the argument.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aclnn/acl_meta.h"
#include "opdev/common_types.h"
#include "opdev/op_errno.h"
#include "opdev/tensor_view_utils.h"

namespace {

std::string Message()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

// Creation with view == storage and the given strides, no offset, no data.
aclTensor *View(const std::vector<int64_t> &dims, const std::vector<int64_t> &strides,
                const std::vector<int64_t> &storage)
{
    return aclCreateTensor(dims.data(), dims.size(), ACL_FLOAT16, strides.data(), 0, ACL_FORMAT_ND, storage.data(),
                           storage.size(), nullptr);
}

// Expects creation to fail with a message containing `expected`.
void ExpectRejected(aclTensor *tensor, const std::string &expected)
{
    EXPECT_EQ(tensor, nullptr);
    aclDestroyTensor(tensor);
    const std::string message = Message();
    EXPECT_NE(message.find("aclCreateTensor: "), std::string::npos) << message;
    EXPECT_NE(message.find(expected), std::string::npos) << message;
}

std::vector<int64_t> TakeArray(int64_t *array, uint64_t count)
{
    std::vector<int64_t> values(array, array + count);
    delete[] array;
    return values;
}

TEST(AclTensor, CreateAndReadBack)
{
    std::vector<uint16_t> storage(29);
    const int64_t dims[] = {2, 3, 4};
    const int64_t strides[] = {12, 4, 1};
    const int64_t storageDims[] = {29};
    aclTensor *tensor =
        aclCreateTensor(dims, 3, ACL_BF16, strides, 5, ACL_FORMAT_NCHW, storageDims, 1, storage.data());
    ASSERT_NE(tensor, nullptr) << Message();

    int64_t *array = nullptr;
    uint64_t count = 0;
    ASSERT_EQ(aclGetViewShape(tensor, &array, &count), ACLNN_SUCCESS);
    EXPECT_EQ(TakeArray(array, count), (std::vector<int64_t>{2, 3, 4}));
    ASSERT_EQ(aclGetStorageShape(tensor, &array, &count), ACLNN_SUCCESS);
    EXPECT_EQ(TakeArray(array, count), (std::vector<int64_t>{29}));
    ASSERT_EQ(aclGetViewStrides(tensor, &array, &count), ACLNN_SUCCESS);
    EXPECT_EQ(TakeArray(array, count), (std::vector<int64_t>{12, 4, 1}));
    int64_t offset = 0;
    ASSERT_EQ(aclGetViewOffset(tensor, &offset), ACLNN_SUCCESS);
    EXPECT_EQ(offset, 5);
    aclDataType dtype = ACL_DT_UNDEFINED;
    ASSERT_EQ(aclGetDataType(tensor, &dtype), ACLNN_SUCCESS);
    EXPECT_EQ(dtype, ACL_BF16);
    aclFormat format = ACL_FORMAT_UNDEFINED;
    ASSERT_EQ(aclGetFormat(tensor, &format), ACLNN_SUCCESS);
    EXPECT_EQ(format, ACL_FORMAT_NCHW);

    EXPECT_EQ(tensor->GetViewShape(), (op::Shape{2, 3, 4}));
    EXPECT_EQ(tensor->GetStorageShape(), (op::Shape{29}));
    EXPECT_EQ(tensor->GetDataType(), ge::DT_BF16);
    EXPECT_EQ(tensor->GetViewFormat(), ge::FORMAT_NCHW);
    EXPECT_EQ(tensor->GetStorageFormat(), ge::FORMAT_NCHW);
    EXPECT_EQ(tensor->GetOriginalFormat(), ge::FORMAT_NCHW);
    EXPECT_EQ(tensor->GetStorageAddr(), storage.data());
    EXPECT_EQ(tensor->GetData(), static_cast<void *>(storage.data() + 5)) << "offset counts elements";
    EXPECT_EQ(tensor->Numel(), 24);
    EXPECT_FALSE(tensor->IsEmpty());
    EXPECT_TRUE(op::IsContiguous(tensor));
    EXPECT_EQ(aclDestroyTensor(tensor), ACLNN_SUCCESS);
    EXPECT_EQ(aclDestroyTensor(nullptr), ACLNN_SUCCESS);
}

TEST(AclTensor, ScalarAndEmptyTensors)
{
    aclTensor *scalar = aclCreateTensor(nullptr, 0, ACL_FLOAT, nullptr, 0, ACL_FORMAT_ND, nullptr, 0, nullptr);
    ASSERT_NE(scalar, nullptr) << Message();
    EXPECT_TRUE(scalar->GetViewShape().IsScalar());
    EXPECT_EQ(scalar->Numel(), 1);
    EXPECT_EQ(scalar->GetData(), nullptr);
    EXPECT_TRUE(op::IsContiguous(scalar));
    int64_t *array = nullptr;
    uint64_t count = 7;
    ASSERT_EQ(aclGetViewShape(scalar, &array, &count), ACLNN_SUCCESS);
    EXPECT_EQ(count, 0u);
    delete[] array;
    aclDestroyTensor(scalar);

    const int64_t zeroDim[] = {0};
    ExpectRejected(aclCreateTensor(nullptr, 0, ACL_FLOAT, nullptr, 0, ACL_FORMAT_ND, zeroDim, 1, nullptr),
                   "reaches element 0, but storage [0] holds 0 elements");

    // An empty view reaches no element, so neither its strides' reach nor the storage matter.
    aclTensor *empty = View({0, 4}, {4, 1}, {0});
    ASSERT_NE(empty, nullptr) << Message();
    EXPECT_TRUE(empty->IsEmpty());
    EXPECT_TRUE(op::IsContiguous(empty));
    aclDestroyTensor(empty);
    empty = View({3, 0, 5}, {1000, 7, 3}, {});
    ASSERT_NE(empty, nullptr) << Message();
    aclDestroyTensor(empty);
}

TEST(AclTensor, Contiguity)
{
    struct Case {
        std::vector<int64_t> dims;
        std::vector<int64_t> strides;
        bool contiguous;
    };
    const std::vector<Case> cases = {
        {{2, 3, 4}, {12, 4, 1}, true},
        {{2, 3, 4}, {1, 2, 6}, false},    // column-major
        {{2, 3, 4}, {24, 4, 1}, false},   // padded rows
        {{2, 1, 4}, {4, 99, 1}, true},    // a size-1 dim's stride is never used
        {{1, 1}, {5, 7}, true},
        {{2, 3}, {0, 1}, false},          // broadcast
        {{4}, {2}, false},
    };
    for (const Case &c : cases) {
        aclTensor *tensor = View(c.dims, c.strides, {100});
        ASSERT_NE(tensor, nullptr) << Message();
        EXPECT_EQ(op::IsContiguous(tensor), c.contiguous) << tensor->GetViewShape().ToString();
        aclDestroyTensor(tensor);
    }
}

TEST(AclTensor, ViewMustStayInsideStorage)
{
    // Farthest element: 3 + (2-1)*12 + (3-1)*4 + (4-1)*1 = 26.
    const int64_t dims[] = {2, 3, 4};
    const int64_t strides[] = {12, 4, 1};
    const int64_t fits[] = {27};
    const int64_t tooSmall[] = {26};
    aclTensor *tensor = aclCreateTensor(dims, 3, ACL_FLOAT, strides, 3, ACL_FORMAT_ND, fits, 1, nullptr);
    ASSERT_NE(tensor, nullptr) << Message();
    aclDestroyTensor(tensor);
    ExpectRejected(aclCreateTensor(dims, 3, ACL_FLOAT, strides, 3, ACL_FORMAT_ND, tooSmall, 1, nullptr),
                   "view [2, 3, 4] with offset 3 reaches element 26, but storage [26] holds 26 elements");

    const int64_t huge[] = {int64_t{1} << 40, int64_t{1} << 40};
    const int64_t hugeStrides[] = {int64_t{1} << 40, 1};
    ExpectRejected(aclCreateTensor(huge, 2, ACL_FLOAT, hugeStrides, 0, ACL_FORMAT_ND, huge, 2, nullptr),
                   "storage shape [1099511627776, 1099511627776] has more elements than int64 can count");
    const int64_t one[] = {int64_t{1} << 62};
    ExpectRejected(aclCreateTensor(huge, 2, ACL_FLOAT, hugeStrides, 0, ACL_FORMAT_ND, one, 1, nullptr),
                   "reaches beyond any int64 element offset");
    // Empty although the product of the other dims overflows: a zero dim decides.
    const int64_t emptyHuge[] = {int64_t{1} << 40, int64_t{1} << 40, 0};
    const int64_t emptyStrides[] = {0, 0, 0};
    tensor = aclCreateTensor(emptyHuge, 3, ACL_FLOAT, emptyStrides, 0, ACL_FORMAT_ND, one, 1, nullptr);
    ASSERT_NE(tensor, nullptr) << Message();
    EXPECT_TRUE(op::IsContiguous(tensor));
    aclDestroyTensor(tensor);
}

TEST(AclTensor, RejectsInconsistentArguments)
{
    const int64_t dims[] = {2, 3};
    const int64_t strides[] = {3, 1};
    const int64_t nine[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    ExpectRejected(aclCreateTensor(nine, 9, ACL_FLOAT, nine, 0, ACL_FORMAT_ND, dims, 2, nullptr),
                   "viewDimsNum is 9, more than the 8 dims");
    ExpectRejected(aclCreateTensor(dims, 2, ACL_FLOAT, strides, 0, ACL_FORMAT_ND, nine, 9, nullptr),
                   "storageDimsNum is 9, more than the 8 dims");
    ExpectRejected(aclCreateTensor(nullptr, 2, ACL_FLOAT, strides, 0, ACL_FORMAT_ND, dims, 2, nullptr),
                   "viewDims is nullptr while viewDimsNum is 2");
    ExpectRejected(aclCreateTensor(dims, 2, ACL_FLOAT, strides, 0, ACL_FORMAT_ND, nullptr, 2, nullptr),
                   "storageDims is nullptr while storageDimsNum is 2");
    ExpectRejected(aclCreateTensor(dims, 2, ACL_FLOAT, nullptr, 0, ACL_FORMAT_ND, dims, 2, nullptr),
                   "stride is nullptr while viewDimsNum is 2");
    const int64_t negativeDim[] = {2, -1};
    ExpectRejected(aclCreateTensor(negativeDim, 2, ACL_FLOAT, strides, 0, ACL_FORMAT_ND, dims, 2, nullptr),
                   "viewDims[1] is -1");
    ExpectRejected(aclCreateTensor(dims, 2, ACL_FLOAT, strides, 0, ACL_FORMAT_ND, negativeDim, 2, nullptr),
                   "storageDims[1] is -1");
    const int64_t negativeStride[] = {-3, 1};
    ExpectRejected(aclCreateTensor(dims, 2, ACL_FLOAT, negativeStride, 0, ACL_FORMAT_ND, dims, 2, nullptr),
                   "stride[0] is -3");
    ExpectRejected(aclCreateTensor(dims, 2, ACL_FLOAT, strides, -1, ACL_FORMAT_ND, dims, 2, nullptr),
                   "offset is -1");
}

TEST(AclTensor, GettersRejectNullArguments)
{
    const int64_t dims[] = {4};
    const int64_t strides[] = {1};
    aclTensor *tensor = aclCreateTensor(dims, 1, ACL_INT32, strides, 0, ACL_FORMAT_ND, dims, 1, nullptr);
    ASSERT_NE(tensor, nullptr);
    int64_t *array = nullptr;
    uint64_t count = 0;
    int64_t offset = 0;
    aclDataType dtype = ACL_DT_UNDEFINED;
    aclFormat format = ACL_FORMAT_UNDEFINED;
    struct Case {
        aclnnStatus status;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {aclGetViewShape(nullptr, &array, &count), "aclGetViewShape: tensor is nullptr"},
        {aclGetViewShape(tensor, nullptr, &count), "aclGetViewShape: viewDims is nullptr"},
        {aclGetViewShape(tensor, &array, nullptr), "aclGetViewShape: viewDimsNum is nullptr"},
        {aclGetStorageShape(nullptr, &array, &count), "aclGetStorageShape: tensor is nullptr"},
        {aclGetStorageShape(tensor, nullptr, &count), "aclGetStorageShape: storageDims is nullptr"},
        {aclGetStorageShape(tensor, &array, nullptr), "aclGetStorageShape: storageDimsNum is nullptr"},
        {aclGetViewStrides(nullptr, &array, &count), "aclGetViewStrides: tensor is nullptr"},
        {aclGetViewStrides(tensor, nullptr, &count), "aclGetViewStrides: stridesValue is nullptr"},
        {aclGetViewStrides(tensor, &array, nullptr), "aclGetViewStrides: stridesNum is nullptr"},
        {aclGetViewOffset(nullptr, &offset), "aclGetViewOffset: tensor is nullptr"},
        {aclGetViewOffset(tensor, nullptr), "aclGetViewOffset: offset is nullptr"},
        {aclGetDataType(nullptr, &dtype), "aclGetDataType: tensor is nullptr"},
        {aclGetDataType(tensor, nullptr), "aclGetDataType: dataType is nullptr"},
        {aclGetFormat(nullptr, &format), "aclGetFormat: tensor is nullptr"},
        {aclGetFormat(tensor, nullptr), "aclGetFormat: format is nullptr"},
    };
    const std::string messages = Message();
    size_t searchFrom = 0;
    for (auto c = std::rbegin(cases); c != std::rend(cases); ++c) {
        EXPECT_EQ(c->status, ACLNN_ERR_PARAM_NULLPTR) << c->expected;
        // Messages accumulate until read, the newest first.
        const size_t at = messages.find(c->expected, searchFrom);
        ASSERT_NE(at, std::string::npos) << c->expected << "\n" << messages;
        searchFrom = at + c->expected.size();
    }
    EXPECT_EQ(array, nullptr) << "nothing handed out on failure";
    aclDestroyTensor(tensor);
}

TEST(AclTensor, DataTypeAndFormatMapping)
{
    const aclDataType types[] = {ACL_FLOAT, ACL_FLOAT16, ACL_INT8,   ACL_INT32,     ACL_UINT8,      ACL_INT16,
                                 ACL_UINT16, ACL_UINT32, ACL_INT64,  ACL_UINT64,    ACL_DOUBLE,     ACL_BOOL,
                                 ACL_STRING, ACL_BF16,   ACL_COMPLEX64, ACL_COMPLEX128};
    for (aclDataType type : types) {
        EXPECT_EQ(static_cast<int>(op::ToOpDataType(type)), static_cast<int>(type)) << "CANN keeps the values equal";
        EXPECT_EQ(op::ToAclDataType(op::ToOpDataType(type)), type);
    }
    EXPECT_EQ(op::ToOpDataType(ACL_DT_UNDEFINED), ge::DT_UNDEFINED);
    EXPECT_EQ(op::ToOpDataType(static_cast<aclDataType>(5)), ge::DT_UNDEFINED);
    EXPECT_EQ(op::ToAclDataType(ge::DT_UNDEFINED), ACL_DT_UNDEFINED);

    const aclFormat formats[] = {ACL_FORMAT_NCHW,      ACL_FORMAT_NHWC,       ACL_FORMAT_ND,   ACL_FORMAT_NC1HWC0,
                                 ACL_FORMAT_FRACTAL_Z, ACL_FORMAT_FRACTAL_NZ, ACL_FORMAT_NCDHW};
    for (aclFormat format : formats) {
        EXPECT_EQ(static_cast<int>(op::ToOpFormat(format)), static_cast<int>(format));
    }
    EXPECT_EQ(op::ToOpFormat(ACL_FORMAT_UNDEFINED), ge::FORMAT_RESERVED);

    const int64_t dims[] = {1};
    aclTensor *tensor =
        aclCreateTensor(dims, 1, ACL_DT_UNDEFINED, dims, 0, ACL_FORMAT_UNDEFINED, dims, 1, nullptr);
    ASSERT_NE(tensor, nullptr);
    aclDataType dtype = ACL_FLOAT;
    aclFormat format = ACL_FORMAT_ND;
    EXPECT_EQ(aclGetDataType(tensor, &dtype), ACLNN_SUCCESS);
    EXPECT_EQ(dtype, ACL_DT_UNDEFINED);
    EXPECT_EQ(aclGetFormat(tensor, &format), ACLNN_SUCCESS);
    EXPECT_EQ(format, ACL_FORMAT_UNDEFINED);
    EXPECT_EQ(tensor->GetData(), nullptr);
    aclDestroyTensor(tensor);
}

TEST(AclIntArray, CreateReadAndDestroy)
{
    const int64_t values[] = {3, -1, 4};
    aclIntArray *array = aclCreateIntArray(values, 3);
    ASSERT_NE(array, nullptr);
    EXPECT_EQ(array->Size(), 3u);
    EXPECT_EQ((*array)[1], -1);
    EXPECT_EQ(array->GetData()[2], 4);
    EXPECT_NE(array->GetData(), values) << "the array owns a copy";
    EXPECT_EQ(array->ToString(), "[3, -1, 4]");
    EXPECT_EQ(aclDestroyIntArray(array), ACLNN_SUCCESS);

    aclIntArray *empty = aclCreateIntArray(nullptr, 0);
    ASSERT_NE(empty, nullptr);
    EXPECT_EQ(empty->Size(), 0u);
    EXPECT_EQ(empty->ToString(), "[]");
    aclDestroyIntArray(empty);
    EXPECT_EQ(aclDestroyIntArray(nullptr), ACLNN_SUCCESS);

    EXPECT_EQ(aclCreateIntArray(nullptr, 2), nullptr);
    EXPECT_NE(Message().find("aclCreateIntArray: value is nullptr while size is 2"), std::string::npos);
}

}  // namespace
