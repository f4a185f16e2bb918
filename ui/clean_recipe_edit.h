#pragma once
// Undo and redo on the Clean page keep whole recipe values (a recipe is small): each edit is a
// command holding the recipe before and after, and which step was selected, so undo puts back
// exactly what was shown.

#include "microseg/clean/recipe.h"

#include <QUndoCommand>
#include <functional>

namespace microseg::ui {

class RecipeEdit : public QUndoCommand {
  public:
    using Show = std::function<void(const core::clean::Recipe&, int selected)>;
    RecipeEdit(const QString& text, core::clean::Recipe before, int selectedBefore,
               core::clean::Recipe after, int selectedAfter, Show show)
        : QUndoCommand(text), m_before(std::move(before)), m_after(std::move(after)),
          m_selectedBefore(selectedBefore), m_selectedAfter(selectedAfter), m_show(std::move(show)) {}

    void undo() override { m_show(m_before, m_selectedBefore); }
    void redo() override { m_show(m_after, m_selectedAfter); }

  private:
    core::clean::Recipe m_before, m_after;
    int m_selectedBefore, m_selectedAfter;
    Show m_show;
};

} // namespace microseg::ui
