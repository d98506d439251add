<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>tunescope::BestSoFarChart</name>
    <message numerus="yes">
        <source>%n finished trial(s) with a value</source>
        <translation>
            <numerusform>%n finished trial with a value</numerusform>
            <numerusform>%n finished trials with a value</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with a NaN/inf objective not shown</source>
        <translation>
            <numerusform>%n with a NaN/inf objective not shown</numerusform>
            <numerusform>%n with a NaN/inf objective not shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::BudgetSection</name>
    <message numerus="yes">
        <source> trial(s)</source>
        <comment>spin box suffix after the number</comment>
        <translation>
            <numerusform> trial</numerusform>
            <numerusform> trials</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> run(s) per trial</source>
        <comment>spin box suffix after the number</comment>
        <translation>
            <numerusform> run per trial</numerusform>
            <numerusform> runs per trial</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::CurvesChart</name>
    <message numerus="yes">
        <source>%n trial(s)</source>
        <translation>
            <numerusform>%n trial</numerusform>
            <numerusform>%n trials</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n point(s)</source>
        <translation>
            <numerusform>%n point</numerusform>
            <numerusform>%n points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other trial(s) not shown</source>
        <translation>
            <numerusform>%n other trial not shown</numerusform>
            <numerusform>%n other trials not shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::HeatmapWidget</name>
    <message numerus="yes">
        <source>%n trial(s) in this cell</source>
        <translation>
            <numerusform>%n trial in this cell</numerusform>
            <numerusform>%n trials in this cell</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::MainWindow</name>
    <message numerus="yes">
        <source>%n trial(s) of &apos;%1&apos; are still running.</source>
        <translation>
            <numerusform>%n trial of &apos;%1&apos; is still running.</numerusform>
            <numerusform>%n trials of &apos;%1&apos; are still running.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n trial(s) picked: Ctrl+Shift+M compares them</source>
        <translation>
            <numerusform>%n trial picked: Ctrl+Shift+M compares them</numerusform>
            <numerusform>%n trials picked: Ctrl+Shift+M compares them</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::ParetoChart</name>
    <message numerus="yes">
        <source>Pareto front by all %1 objectives (%n)</source>
        <translation>
            <numerusform>Pareto front by all %1 objectives (%n)</numerusform>
            <numerusform>Pareto front by all %1 objectives (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pareto front (%n)</source>
        <translation>
            <numerusform>Pareto front (%n)</numerusform>
            <numerusform>Pareto front (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n complete trial(s)</source>
        <translation>
            <numerusform>%n complete trial</numerusform>
            <numerusform>%n complete trials</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n on the front</source>
        <translation>
            <numerusform>%n on the front</numerusform>
            <numerusform>%n on the front</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with a NaN/inf objective not shown</source>
        <translation>
            <numerusform>%n with a NaN/inf objective not shown</numerusform>
            <numerusform>%n with a NaN/inf objective not shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pruned/failed not shown</source>
        <translation>
            <numerusform>%n pruned/failed not shown</numerusform>
            <numerusform>%n pruned/failed not shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::StudyForm</name>
    <message numerus="yes">
        <source>%n problem(s) to fix before the study can run:</source>
        <translation>
            <numerusform>%n problem to fix before the study can run:</numerusform>
            <numerusform>%n problems to fix before the study can run:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dimension(s) searched</source>
        <translation>
            <numerusform>%n dimension searched</numerusform>
            <numerusform>%n dimensions searched</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::TrialDetailPane</name>
    <message numerus="yes">
        <source>&amp;Artifacts (%n file(s) in the trial&apos;s folder)</source>
        <translation>
            <numerusform>&amp;Artifacts (%n file in the trial&apos;s folder)</numerusform>
            <numerusform>&amp;Artifacts (%n files in the trial&apos;s folder)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tunescope::TrialTableModel</name>
    <message numerus="yes">
        <source>%1 = %2 at step %3 (the last of %n report(s))</source>
        <translation>
            <numerusform>%1 = %2 at step %3 (its only report)</numerusform>
            <numerusform>%1 = %2 at step %3 (the last of %n reports)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mean over %n repeat(s) ± standard deviation</source>
        <translation>
            <numerusform>Mean over %n repeat ± standard deviation</numerusform>
            <numerusform>Mean over %n repeats ± standard deviation</numerusform>
        </translation>
    </message>
</context>
</TS>
