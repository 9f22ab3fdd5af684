#include "support/fixtures.hpp"
