// A googletest check that two modules hold the same contents, field by field (offsets and the
// section list aside, which depend on the encoding), so a failure names the field that differs.
#pragma once

#include <gtest/gtest.h>

#include "kiln/module.h"

namespace kiln {

inline void expect_same_module(const Module& a, const Module& b) {
  EXPECT_EQ(a.types, b.types);
  EXPECT_EQ(a.functions, b.functions);
  EXPECT_EQ(a.tables, b.tables);
  EXPECT_EQ(a.memories, b.memories);
  EXPECT_EQ(a.globals, b.globals);
  EXPECT_EQ(a.num_imported_functions, b.num_imported_functions);
  EXPECT_EQ(a.num_imported_tables, b.num_imported_tables);
  EXPECT_EQ(a.num_imported_memories, b.num_imported_memories);
  EXPECT_EQ(a.num_imported_globals, b.num_imported_globals);
  EXPECT_EQ(a.imports, b.imports);
  EXPECT_EQ(a.exports, b.exports);
  EXPECT_EQ(a.global_inits, b.global_inits);
  ASSERT_EQ(a.bodies.size(), b.bodies.size());
  for (size_t i = 0; i < a.bodies.size(); ++i) {
    EXPECT_EQ(a.bodies[i], b.bodies[i]) << "body " << i;
    EXPECT_EQ(a.bodies[i].num_locals, b.bodies[i].num_locals) << "body " << i;
  }
  EXPECT_EQ(a.elements, b.elements);
  EXPECT_EQ(a.data, b.data);
  EXPECT_EQ(a.start, b.start);
  EXPECT_EQ(a.data_count, b.data_count);
  EXPECT_EQ(a.names, b.names);
}

}  // namespace kiln
