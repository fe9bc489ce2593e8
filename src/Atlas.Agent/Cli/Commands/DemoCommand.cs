using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using Atlas.Agent.Demo;
using Atlas.Agent.Ingest;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Cli.Commands;

/// <summary>
/// <c>atlas demo</c>: the whole story in one command, with no other software: the agent with the shipped sample, a
/// simulated camera drifting through conditions, a scorer that knows the labels, a live view, and a summary of accuracy
/// per phase before and after the agent adapted. The work is <see cref="DemoRunner"/>.
/// </summary>
internal sealed class DemoCommand : ICliCommandProvider
{
    public Command Create()
    {
        var defaults = new DemoOptions();
        var sample = new Option<string>("--sample") { Description = "The sample folder (with sample.json).", DefaultValueFactory = _ => defaults.SampleDirectory };
        var phaseFrames = new Option<int>("--phase-frames") { Description = "Frames per phase.", DefaultValueFactory = _ => defaults.PhaseFrames };
        var fps = new Option<int>("--fps") { Description = "Frames per second the simulated camera sends.", DefaultValueFactory = _ => defaults.FramesPerSecond };
        var every = new Option<int>("--adapt-every") { Description = "Frames between adaptation rounds (0: a quarter of a phase)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the image order and the conditions.", DefaultValueFactory = _ => defaults.Seed };
        var web = new Option<bool>("--web") { Description = "Also serve the agent's status page on a free loopback port (the URL is printed)." };
        var noLive = new Option<bool>("--no-live") { Description = "Write periodic lines instead of redrawing the view (automatic when output is redirected)." };
        var command = new Command("demo", "Run the agent on the shipped sample with a simulated drifting camera and show it adapt (one to two minutes).");
        foreach (var option in new Option[] { sample, phaseFrames, fps, every, seed, web, noLive }) command.Options.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new DemoOptions
            {
                SampleDirectory = parse.GetValue(sample)!,
                PhaseFrames = parse.GetValue(phaseFrames),
                FramesPerSecond = parse.GetValue(fps),
                AdaptEveryFrames = parse.GetValue(every),
                Seed = parse.GetValue(seed),
                Web = parse.GetValue(web),
                Live = !parse.GetValue(noLive) && LearningProgressRenderer.IsTerminal(output),
            };
            try
            {
                await new DemoRunner(options, output).RunAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (e is ValidationException or InvalidDataException or AgentStartupException or OptionsValidationException
                or Engine.Data.DataFormatException)
            {
                return CliOutput.Fail($"demo: {e.Message}");
            }
        });
        return command;
    }
}
