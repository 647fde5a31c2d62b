/* Deliberately empty: mediasoup link_whole's a static library from this
 * subproject into its optional shared library; Debian's shared library (via
 * the dependency in meson.build) provides the actual code. */
typedef int we_meeting_empty_translation_unit;
