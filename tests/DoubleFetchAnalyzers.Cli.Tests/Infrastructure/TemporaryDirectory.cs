using System;
using System.IO;
using System.Linq;

namespace DoubleFetchAnalyzers.Cli.Tests.Infrastructure
{
    /// <summary>A fresh folder under the system's temporary folder, deleted on dispose.</summary>
    public sealed class TemporaryDirectory : IDisposable
    {
        public TemporaryDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "doublefetch-cli-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

        /// <summary>Writes a file (creating its folder) and returns its full path.</summary>
        public string Write(string relativePath, string text)
        {
            var path = Combine(relativePath.Split('/'));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        /// <summary>Copies the sample sources (not the project file, not bin/ or obj/) and returns the copies' full paths.</summary>
        public string[] CopySamples(Func<string, bool>? include = null)
        {
            var copies = new System.Collections.Generic.List<string>();
            foreach (var source in Repository.SampleFiles())
            {
                if (include is not null && !include(source))
                {
                    continue;
                }

                var relative = System.IO.Path.GetRelativePath(Repository.SamplesDirectory, source);
                var target = System.IO.Path.Combine(Path, relative);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                File.Copy(source, target);
                copies.Add(target);
            }

            return copies.ToArray();
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
