#include "tws/messages/codec.hpp"
