#pragma once

#include "space/specissue.h"
#include "space/studyspec.h"

#include <QColor>
#include <QHash>
#include <QList>
#include <QWidget>

class QLabel;

namespace tunescope {

/// One part of the study form: it shows some keys of the spec, writes them back, and names the
/// widget that edits each key path, so that the core's issues can be marked where they belong.
class FormSection : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;

    /// Shows the keys this section edits; emits nothing.
    virtual void load(const StudySpec &spec) = 0;
    /// Writes the keys this section edits into spec; the others stay as they are.
    virtual void store(StudySpec &spec) const = 0;
    /// What only the form can see (text that is no number; the core gets numbers), in the
    /// core's key-path form.
    virtual void check(QList<SpecIssue> &issues) const { Q_UNUSED(issues) }
    /// The widget that edits each key path ("metric.goal" -> the goal box).
    virtual QHash<QString, QWidget *> fields() const = 0;
    virtual void setReadOnly(bool readOnly);

signals:
    /// The user changed something this section edits.
    void edited();

protected:
    /// Emits edited() unless the section is loading.
    void notifyEdited();

    bool mLoading = false;
};

/// The red of marks and error messages.
QColor formErrorColor();
/// A wrapped, greyed label for hints under a field.
QLabel *formHintLabel(QWidget *parent);

} // namespace tunescope
