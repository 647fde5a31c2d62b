// ankerl::unordered_dense as mediasoup's worker uses it (map, set, hash),
// mapped onto the standard library. unordered_dense is not packaged in Debian
// bookworm; std::unordered_map/set give the same interface mediasoup needs,
// with node-based storage (slower, but no semantic change for mediasoup).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ankerl::unordered_dense
{
	// A class (not an alias) so that it stays specializable like the original.
	template<class T>
	struct hash : std::hash<T>
	{
	};

	template<
	  class Key,
	  class T,
	  class Hash     = hash<Key>,
	  class KeyEqual = std::equal_to<Key>,
	  class Alloc    = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Alloc>;

	template<
	  class Key,
	  class Hash     = hash<Key>,
	  class KeyEqual = std::equal_to<Key>,
	  class Alloc    = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Alloc>;
} // namespace ankerl::unordered_dense
