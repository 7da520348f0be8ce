using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Backprop.Benchmarks;

/// <summary>
/// Short runs (one process, a few warm-ups, ten measured iterations) with memory diagnostics, and
/// two derived columns read from each benchmark's <c>Nodes</c> parameter: throughput and bytes
/// allocated per node.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Throughput)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new PerNodeColumn("Mnodes/s", perNode: false));
        AddColumn(new PerNodeColumn("B/node", perNode: true));
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub);
        WithOption(ConfigOptions.JoinSummary, true);
    }

    private sealed class PerNodeColumn(string name, bool perNode) : IColumn
    {
        public string Id => name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => perNode ? 1 : 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => perNode
            ? "Bytes allocated per operation divided by Nodes"
            : "Nodes divided by the mean time, in millions per second";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
            GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var nodes = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Nodes")?.Value;
            var report = summary[benchmarkCase];
            if (nodes is not int count || report?.ResultStatistics is null)
            {
                return "-";
            }

            if (perNode)
            {
                var bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
                return bytes is null ? "-" : ((double)bytes.Value / count).ToString("F1");
            }

            var seconds = report.ResultStatistics.Mean / 1e9;
            return (count / seconds / 1e6).ToString("F1");
        }
    }
}
