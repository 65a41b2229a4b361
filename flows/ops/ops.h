// The operation types, one file each (flows/operation.h describes the
// interface; flows/README.md the options of each).
#pragma once

#include "flows/operation.h"

namespace docflow::flows::ops {

const Operation& Condition();    // condition.cc    pure
const Operation& Transform();    // transform.cc    pure
const Operation& Log();          // log.cc          pure
const Operation& ItemCreate();   // item_create.cc  database
const Operation& ItemRead();     // item_read.cc    database
const Operation& ItemUpdate();   // item_update.cc  database
const Operation& Notify();       // notify.cc       database
const Operation& Assign();       // assign.cc       database
const Operation& Schedule();     // schedule.cc     database
const Operation& TriggerFlow();  // trigger.cc      database
const Operation& Request();      // request.cc      external (HTTP, libcurl)
const Operation& Mail();         // mail.cc         external (SMTP, libcurl)

// Shared by the item operations: the collection option, checked when loaded.
Status ValidateCollection(const nlohmann::json& options);

}  // namespace docflow::flows::ops
