using System.IO;

// A one-sided check of a signed value.
//
// Binary formats store counts, lengths and indexes as unsigned numbers, but BinaryReader.ReadInt32 returns an int: the
// four bytes FF FF FF FF read as -1, not as 4294967295. A check against the upper bound alone then lets every
// negative value through: -1 is not >= the length, and not > the maximum. An index of -1 throws
// IndexOutOfRangeException, a size of -1 throws OverflowException: the file decides where the parser stops.
// Through a pointer, the same -1 reads the memory before the buffer.
//
// The reader below loads a bitmap font: a table of glyphs, a map from characters to glyph numbers, and a bitmap per
// glyph. The font file is input from somewhere else, so its values stay in untrusted_ variables until they are checked
// (the Qubes OS convention).
namespace Samples.Parsers.Violations
{
    /// <summary>One glyph of the font: its size, and its bitmap once it is loaded.</summary>
    public sealed class Glyph
    {
        public int Width;
        public int Height;
        public byte[]? Bitmap;
    }

    public sealed class BitmapFontReader
    {
        /// <summary>The largest bitmap this reader accepts: 256 x 256 pixels, one byte each.</summary>
        public const int MaxBitmapBytes = 256 * 256;

        private readonly Glyph[] _glyphs;

        public BitmapFontReader(Glyph[] glyphs)
        {
            _glyphs = glyphs;
        }

        /// <summary>Reads one entry of the character map: the glyph that draws a character.</summary>
        public Glyph ReadCharacterMapEntry(BinaryReader reader)
        {
            int untrusted_glyph = reader.ReadInt32();

            // Checked from above only: a glyph number of -1 (FF FF FF FF in the file) passes.
            if (untrusted_glyph >= _glyphs.Length)
            {
                throw new InvalidDataException($"The character map names glyph {untrusted_glyph}, but the font has {_glyphs.Length}.");
            }

            int glyph = untrusted_glyph;
            return _glyphs[glyph]; // DF0003
        }

        /// <summary>Reads the bitmap of a glyph: its length in bytes, then the bytes.</summary>
        public byte[] ReadBitmap(BinaryReader reader)
        {
            int untrusted_length = reader.ReadInt32();

            // The same mistake for a length: a huge length is rejected, a negative one is not.
            if (untrusted_length > MaxBitmapBytes)
            {
                throw new InvalidDataException($"A glyph bitmap of {untrusted_length} bytes is larger than {MaxBitmapBytes}.");
            }

            int length = untrusted_length;
            var bitmap = new byte[length]; // DF0003
            reader.BaseStream.ReadExactly(bitmap);
            return bitmap;
        }
    }
}
