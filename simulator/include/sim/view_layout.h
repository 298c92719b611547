// What the copies and the launcher ask about the layout of an aclTensor's view in its storage.
#ifndef SIM_VIEW_LAYOUT_H
#define SIM_VIEW_LAYOUT_H

#include <string>

#include "opdev/common_types.h"

namespace sim {

// True when every element of the view is an element of its storage: the lowest and highest
// element offsets lie in [0, storage elements). An empty view always is. Otherwise false, with
// the reason in `error`.
bool ViewInsideStorage(const aclTensor *tensor, std::string *error);

// False only when no two indices of the view can reach one storage element: taking its dims of
// size > 1 by increasing stride, each stride steps past everything the smaller ones reach. Views
// that pass are one-to-one; a few exotic one-to-one views (interleaved strides) do not pass.
bool ViewMayOverlap(const aclTensor *tensor);

// "view [2, 3] strides [3, 1] offset 4 in storage [9]"
std::string DescribeView(const aclTensor *tensor);

}  // namespace sim

#endif
