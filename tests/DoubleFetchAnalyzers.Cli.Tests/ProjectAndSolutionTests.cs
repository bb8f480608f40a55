using System;
using System.IO;
using System.Linq;
using DoubleFetchAnalyzers.Cli.Tests.Infrastructure;
using Xunit;

namespace DoubleFetchAnalyzers.Cli.Tests
{
    /// <summary>
    /// The sample project loaded with MSBuild: on its own (.csproj), and in solutions (.sln, .slnx) written for the
    /// test, one of them with a project that does not load.
    /// </summary>
    public sealed class ProjectAndSolutionTests
    {
        private const string BrokenProject = """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup
            </Project>
            """;

        [Fact]
        public void Project_reports_exactly_the_markers()
        {
            var run = DoubleFetchTool.Run(Repository.Root, "analyze", Repository.SamplesProject);

            AssertReportsTheMarkers(run, Repository.Root);
            Assert.True(run.ExitCode == 1, run.ToString());
        }

        [Fact]
        public void Solution_names_the_project_that_does_not_load_and_analyzes_the_rest()
        {
            using var directory = new TemporaryDirectory();
            directory.Write("Broken/Broken.csproj", BrokenProject);
            var samples = Path.GetRelativePath(directory.Path, Repository.SamplesProject).Replace('/', '\\');
            directory.Write("Audit.sln", $$"""

                Microsoft Visual Studio Solution File, Format Version 12.00
                # Visual Studio Version 17
                VisualStudioVersion = 17.0.31903.59
                MinimumVisualStudioVersion = 10.0.40219.1
                Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "DoubleFetchSamples", "{{samples}}", "{4C7BF0EB-0702-465B-ADF2-FC3E80E0F928}"
                EndProject
                Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Broken", "Broken\Broken.csproj", "{6A1C2E0B-5D7F-4F2B-9E61-2C8A4B3D9E10}"
                EndProject
                Global
                	GlobalSection(SolutionConfigurationPlatforms) = preSolution
                		Debug|Any CPU = Debug|Any CPU
                	EndGlobalSection
                	GlobalSection(ProjectConfigurationPlatforms) = postSolution
                		{4C7BF0EB-0702-465B-ADF2-FC3E80E0F928}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
                		{4C7BF0EB-0702-465B-ADF2-FC3E80E0F928}.Debug|Any CPU.Build.0 = Debug|Any CPU
                		{6A1C2E0B-5D7F-4F2B-9E61-2C8A4B3D9E10}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
                		{6A1C2E0B-5D7F-4F2B-9E61-2C8A4B3D9E10}.Debug|Any CPU.Build.0 = Debug|Any CPU
                	EndGlobalSection
                EndGlobal
                """);

            var run = DoubleFetchTool.Run(directory.Path, "analyze", "Audit.sln");

            AssertReportsTheMarkers(run, directory.Path);
            var warning = Assert.Single(run.ErrorLines, line => line.StartsWith("warning: could not load project", StringComparison.Ordinal));
            Assert.Contains("Broken.csproj", warning, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
            Assert.True(run.ExitCode == 1, run.ToString());
        }

        [Fact]
        public void Slnx_solution_reports_exactly_the_markers()
        {
            using var directory = new TemporaryDirectory();
            var samples = Path.GetRelativePath(directory.Path, Repository.SamplesProject).Replace('\\', '/');
            directory.Write("Audit.slnx", $"""
                <Solution>
                  <Folder Name="/samples/">
                    <Project Path="{samples}" />
                  </Folder>
                </Solution>
                """);

            var run = DoubleFetchTool.Run(directory.Path, "analyze", "Audit.slnx");

            AssertReportsTheMarkers(run, directory.Path);
            Assert.DoesNotContain(run.ErrorLines, line => line.StartsWith("warning:", StringComparison.Ordinal));
        }

        /// <summary>The violation files report their markers, the fixed twins nothing, and no other file anything.</summary>
        private static void AssertReportsTheMarkers(ToolRun run, string workingDirectory)
        {
            var findings = ReportedFinding.Parse(run, workingDirectory);
            var files = Repository.SampleFiles();

            Assert.True(findings.Count > 0, run.ToString());
            Assert.Equal(SampleMarkers.Expected(files), SampleMarkers.Actual(findings, files));
            Assert.All(findings, finding => Assert.Contains(finding.Path, files));
            Assert.Matches($@"\({findings.Count} findings in {files.Count} files\)$", run.OutputLines[^1]);
        }
    }
}
